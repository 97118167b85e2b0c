/// A contiguous, row-major array of `Float` with a shape.
///
/// `Tensor` is a reference type on purpose: layers own their activation and gradient buffers
/// and reuse them from step to step, so a training step allocates nothing. Call `copy()` to
/// keep a value that must not change when the layer that produced it runs again.
public final class Tensor: @unchecked Sendable {
  /// The extent of each dimension, outermost first.
  public private(set) var shape: [Int]
  /// The number of elements, the product of `shape`.
  public private(set) var count: Int
  /// The number of elements the storage can hold without reallocating.
  public private(set) var capacity: Int
  /// The first element; valid for `count` elements.
  public private(set) var pointer: UnsafeMutablePointer<Float>

  /// Creates a tensor of the given shape filled with `value`.
  public init(shape: [Int], repeating value: Float = 0) {
    precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
    self.shape = shape
    self.count = shape.reduce(1, *)
    self.capacity = Swift.max(count, 1)
    self.pointer = .allocate(capacity: capacity)
    pointer.initialize(repeating: value, count: capacity)
  }

  /// Creates a tensor of the given shape holding `values` in row-major order.
  public convenience init(shape: [Int], values: [Float]) {
    self.init(shape: shape)
    precondition(values.count == count, "\(values.count) values for shape \(shape)")
    values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: count) }
  }

  /// Creates a one-dimensional tensor holding `values`.
  public convenience init(_ values: [Float]) {
    self.init(shape: [values.count], values: values)
  }

  /// Whether `pointer` was allocated by this tensor (false for a view of another's memory).
  private var ownsStorage = true

  /// A view of `count` floats this tensor does not own; see `withView`.
  private init(viewing start: UnsafeMutablePointer<Float>, shape: [Int]) {
    self.shape = shape
    self.count = shape.reduce(1, *)
    self.capacity = count
    self.pointer = start
    self.ownsStorage = false
  }

  /// Calls `body` with a tensor of `shape` whose elements are the floats at `start`, without
  /// copying them. The view must not outlive `body` and is read-only by contract: layers read
  /// their input and never write it. Resizing it gives it storage of its own.
  public static func withView<R>(
    of start: UnsafePointer<Float>, shape: [Int], _ body: (Tensor) throws -> R
  ) rethrows -> R {
    try body(Tensor(viewing: UnsafeMutablePointer(mutating: start), shape: shape))
  }

  deinit { if ownsStorage { pointer.deallocate() } }

  /// The elements as a buffer (mutable through the reference).
  @inlinable public var buffer: UnsafeMutableBufferPointer<Float> {
    UnsafeMutableBufferPointer(start: pointer, count: count)
  }

  /// The elements as a Swift array.
  public var scalars: [Float] { Array(buffer) }

  /// Element `i` in row-major order.
  @inlinable public subscript(i: Int) -> Float {
    get { pointer[i] }
    set { pointer[i] = newValue }
  }

  /// Changes the shape; keeps the storage when it is large enough. Contents are unspecified
  /// after a resize that changes `count`.
  public func resize(to newShape: [Int]) {
    let n = newShape.reduce(1, *)
    if n > capacity {
      if ownsStorage { pointer.deallocate() }
      ownsStorage = true
      capacity = n
      pointer = .allocate(capacity: n)
      pointer.initialize(repeating: 0, count: n)
    }
    shape = newShape
    count = n
  }

  /// Reinterprets the elements with another shape of the same element count.
  public func reshape(to newShape: [Int]) {
    precondition(newShape.reduce(1, *) == count, "cannot reshape \(shape) to \(newShape)")
    shape = newShape
  }

  /// Sets every element to `value`.
  public func fill(_ value: Float) {
    pointer.update(repeating: value, count: count)
  }

  /// A new tensor with the same shape and elements.
  public func copy() -> Tensor {
    let t = Tensor(shape: shape)
    t.pointer.update(from: pointer, count: count)
    return t
  }

  /// Copies the shape and elements of `other` into this tensor.
  public func assign(_ other: Tensor) {
    resize(to: other.shape)
    pointer.update(from: other.pointer, count: count)
  }
}

extension Tensor: Equatable {
  /// Two tensors are equal when shapes and every element are equal.
  public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
    guard lhs.shape == rhs.shape else { return false }
    for i in 0..<lhs.count where lhs.pointer[i] != rhs.pointer[i] { return false }
    return true
  }
}

extension Tensor: Codable {
  private enum CodingKeys: String, CodingKey { case shape, values }

  /// Decodes a tensor from its shape and row-major values.
  public convenience init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let shape = try c.decode([Int].self, forKey: .shape)
    let values = try c.decode([Float].self, forKey: .values)
    guard values.count == shape.reduce(1, *) else {
      throw DecodingError.dataCorruptedError(
        forKey: .values, in: c, debugDescription: "\(values.count) values for shape \(shape)")
    }
    self.init(shape: shape, values: values)
  }

  /// Encodes the shape and row-major values.
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(shape, forKey: .shape)
    try c.encode(scalars, forKey: .values)
  }
}

extension Tensor: CustomStringConvertible {
  /// A short summary: the shape and the first elements.
  public var description: String {
    let head = (0..<Swift.min(count, 6)).map { "\(pointer[$0])" }.joined(separator: ", ")
    return "Tensor\(shape)[\(head)\(count > 6 ? ", …" : "")]"
  }
}
