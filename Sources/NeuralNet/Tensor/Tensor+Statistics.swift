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

extension Tensor {
  /// max|self − reference| / max|reference| over two tensors of the same shape (the absolute
  /// difference when `reference` is all zeros): how far a faster kernel's result is from the
  /// reference computation's.
  public func relativeDifference(from reference: Tensor) -> Double {
    precondition(shape == reference.shape, "shapes \(shape) and \(reference.shape) differ")
    var worst: Float = 0
    var scale: Float = 0
    for i in 0..<count {
      worst = Swift.max(worst, abs(self[i] - reference[i]))
      scale = Swift.max(scale, abs(reference[i]))
    }
    return scale == 0 ? Double(worst) : Double(worst / scale)
  }
}
