/// Small generated datasets for fast tests and examples; equal seeds give equal datasets.
///
/// Examples are interleaved by class (example `i` has label `i % classes`), so any prefix is
/// close to balanced.
public enum SyntheticData {
  /// The names of the image patterns, by class.
  public static let patternNames = [
    "horizontal bar", "vertical bar", "diagonal", "anti-diagonal",
    "square", "plus", "block", "checkerboard",
  ]

  /// Points scattered around one centre per class: centres uniform in [-1, 1]^dimensions,
  /// offsets normal with standard deviation `spread`; sample shape `[dimensions]`.
  public static func gaussianBlobs(
    classes: Int, samplesPerClass: Int, dimensions: Int, spread: Float = 0.3, seed: UInt64 = 0
  ) -> Dataset {
    precondition(classes > 0 && samplesPerClass >= 0 && dimensions > 0, "empty blob dataset")
    var generator = SeededGenerator(seed: seed)
    let centres = (0..<classes * dimensions).map { _ in generator.nextUniform(-1, 1) }
    let n = classes * samplesPerClass
    var features = [Float](repeating: 0, count: n * dimensions)
    for i in 0..<n {
      let centre = (i % classes) * dimensions
      for j in 0..<dimensions {
        features[i * dimensions + j] = centres[centre + j] + spread * generator.nextNormal()
      }
    }
    return Dataset(
      unchecked: [dimensions], (0..<classes).map { "blob \($0)" }, features, labels(n, classes))
  }

  /// 8×8 grey images (sample shape `[8, 8, 1]`, values in [0, 1]) of one pattern per class
  /// (see ``patternNames``), each shifted by up to one pixel, dimmed at random, plus normal
  /// noise of standard deviation `noise`.
  public static func patterns(
    classes: Int = 4, samplesPerClass: Int, noise: Float = 0.1, seed: UInt64 = 0
  ) -> Dataset {
    precondition(
      classes > 0 && classes <= patternNames.count,
      "patterns has 1 to \(patternNames.count) classes, not \(classes)")
    precondition(samplesPerClass >= 0, "negative sample count")
    let side = 8
    var generator = SeededGenerator(seed: seed)
    let n = classes * samplesPerClass
    var features = [Float](repeating: 0, count: n * side * side)
    for i in 0..<n {
      let dy = generator.nextInt(below: 3) - 1
      let dx = generator.nextInt(below: 3) - 1
      let brightness = generator.nextUniform(0.7, 1)
      for row in 0..<side {
        for column in 0..<side {
          let on = pattern(i % classes, row - dy, column - dx, side: side)
          let value = (on ? brightness : 0) + noise * generator.nextNormal()
          features[(i * side + row) * side + column] = min(max(value, 0), 1)
        }
      }
    }
    return Dataset(
      unchecked: [side, side, 1], Array(patternNames.prefix(classes)), features, labels(n, classes))
  }

  /// Whether pixel (`row`, `column`) of pattern `k` is lit; pixels off the grid are dark.
  private static func pattern(_ k: Int, _ row: Int, _ column: Int, side: Int) -> Bool {
    guard row >= 0 && row < side && column >= 0 && column < side else { return false }
    let middle = side / 2
    switch k {
    case 0: return row == middle || row == middle - 1
    case 1: return column == middle || column == middle - 1
    case 2: return row == column
    case 3: return row + column == side - 1
    case 4:
      return (row == 1 || row == side - 2 || column == 1 || column == side - 2)
        && (1...side - 2).contains(row) && (1...side - 2).contains(column)
    case 5: return row == middle || column == middle
    case 6: return abs(row - middle) <= 1 && abs(column - middle) <= 1
    default: return (row + column) % 2 == 0
    }
  }

  /// Labels `i % classes` for `n` examples.
  private static func labels(_ n: Int, _ classes: Int) -> [Int32] {
    (0..<n).map { Int32($0 % classes) }
  }
}
