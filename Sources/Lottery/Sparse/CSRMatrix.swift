import NeuralNet

/// A matrix in compressed sparse row form: the stored entries of row `r` are
/// `values[rowPointers[r]..<rowPointers[r + 1]]` at columns `columnIndices[…]`.
///
/// Columns ascend within a row. The format stores only what a pruned weight matrix keeps: a
/// LeNet-300-100 layer at 5% density needs about a tenth of the dense matrix's bytes.
public struct CSRMatrix: Codable, Equatable, Sendable {
  /// The number of rows.
  public let rows: Int
  /// The number of columns.
  public let columns: Int
  /// Where each row's entries start, plus the total entry count at the end (`rows + 1` items).
  public let rowPointers: [Int]
  /// The column of each stored entry.
  public let columnIndices: [Int32]
  /// The value of each stored entry.
  public let values: [Float]

  /// The problem with a set of arrays that do not describe a valid matrix.
  public struct FormatError: Error, CustomStringConvertible, Equatable {
    /// What is wrong, in a sentence.
    public let description: String
  }

  /// Creates a matrix from its arrays, checking that they describe a valid CSR matrix.
  public init(
    rows: Int, columns: Int, rowPointers: [Int], columnIndices: [Int32], values: [Float]
  ) throws {
    func fail(_ message: String) -> FormatError { FormatError(description: message) }
    guard rows >= 0, columns >= 0, columns <= Int(Int32.max) else {
      throw fail("bad dimensions \(rows)×\(columns)")
    }
    guard rowPointers.count == rows + 1, rowPointers.first == 0 else {
      throw fail("rowPointers needs \(rows + 1) items starting at 0")
    }
    guard columnIndices.count == values.count, rowPointers.last == values.count else {
      throw fail("rowPointers end at \(rowPointers.last ?? 0) for \(values.count) values")
    }
    for r in 0..<rows {
      guard rowPointers[r] <= rowPointers[r + 1] else {
        throw fail("rowPointers decrease at row \(r)")
      }
      var previous: Int32 = -1
      for k in rowPointers[r]..<rowPointers[r + 1] {
        let c = columnIndices[k]
        guard c > previous, c < columns else {
          throw fail("column \(c) of row \(r) is out of range or out of order")
        }
        previous = c
      }
    }
    self.rows = rows
    self.columns = columns
    self.rowPointers = rowPointers
    self.columnIndices = columnIndices
    self.values = values
  }

  /// Stores the exact non-zero entries of a 2-D tensor.
  public init(_ dense: Tensor) {
    self.init(dense, keeping: { dense[$0] != 0 })
  }

  /// Stores the entries of a 2-D tensor where `mask` (same shape, 0 or 1) is 1, including kept
  /// entries whose value happens to be zero.
  public init(_ dense: Tensor, mask: Tensor) {
    precondition(mask.shape == dense.shape, "mask \(mask.shape) for a matrix \(dense.shape)")
    self.init(dense, keeping: { mask[$0] != 0 })
  }

  private init(_ dense: Tensor, keeping keep: (Int) -> Bool) {
    precondition(dense.shape.count == 2, "CSRMatrix needs a 2-D tensor, not \(dense.shape)")
    rows = dense.shape[0]
    columns = dense.shape[1]
    precondition(columns <= Int(Int32.max), "too many columns for Int32 indices")
    var pointers = [0]
    var indices: [Int32] = []
    var kept: [Float] = []
    pointers.reserveCapacity(rows + 1)
    for r in 0..<rows {
      for c in 0..<columns where keep(r * columns + c) {
        indices.append(Int32(c))
        kept.append(dense[r * columns + c])
      }
      pointers.append(kept.count)
    }
    rowPointers = pointers
    columnIndices = indices
    values = kept
  }

  /// Decodes a matrix and checks that it is valid.
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    do {
      try self.init(
        rows: c.decode(Int.self, forKey: .rows), columns: c.decode(Int.self, forKey: .columns),
        rowPointers: c.decode([Int].self, forKey: .rowPointers),
        columnIndices: c.decode([Int32].self, forKey: .columnIndices),
        values: c.decode([Float].self, forKey: .values))
    } catch let error as FormatError {
      throw DecodingError.dataCorruptedError(
        forKey: .values, in: c, debugDescription: error.description)
    }
  }

  /// The number of stored entries.
  public var nonZeroCount: Int { values.count }

  /// The fraction of the `rows × columns` entries that are stored, 0–1 (1 for an empty shape).
  public var density: Double {
    rows * columns == 0 ? 1 : Double(nonZeroCount) / Double(rows * columns)
  }

  /// The number of stored entries in row `r`.
  public func rowLength(_ r: Int) -> Int { rowPointers[r + 1] - rowPointers[r] }

  /// The dense [rows, columns] tensor, zero where nothing is stored.
  public func toDense() -> Tensor {
    let dense = Tensor(shape: [rows, columns])
    for r in 0..<rows {
      for k in rowPointers[r]..<rowPointers[r + 1] {
        dense[r * columns + Int(columnIndices[k])] = values[k]
      }
    }
    return dense
  }
}
