extension Tensor {
  /// The mean of the elements (accumulated in Double).
  public var mean: Double {
    count == 0 ? 0 : Elementwise.sum(pointer, count: count) / Double(count)
  }

  /// The population standard deviation of the elements (accumulated in Double).
  public var standardDeviation: Double {
    guard count > 0 else { return 0 }
    let m = mean
    var s = 0.0
    for i in 0..<count {
      let d = Double(pointer[i]) - m
      s += d * d
    }
    return (s / Double(count)).squareRoot()
  }
}
