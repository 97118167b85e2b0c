@_implementationOnly import CKernels

/// The kept positions of a 0/1 mask on a [rows, columns] matrix, in both orientations: what the
/// sparse training kernels iterate over instead of the whole matrix.
///
/// A parameter builds its pattern once per mask (`Parameter.maskPattern`, rebuilt after
/// `setMask`), never per step. Row-major order lists each row's kept columns (the forward
/// product and the weight gradient); column-major order lists each column's kept rows (the input
/// gradient); both carry the flat index `row·columns + column` of every kept element.
public final class MaskPattern: @unchecked Sendable {
  /// The number of rows (a tensor's first dimension).
  public let rows: Int
  /// The number of columns (the product of the other dimensions).
  public let columns: Int
  /// The number of kept elements.
  public let count: Int
  let rowStart: UnsafeMutablePointer<Int64>
  let column: UnsafeMutablePointer<Int32>
  let kept: UnsafeMutablePointer<Int32>
  let columnStart: UnsafeMutablePointer<Int64>
  let row: UnsafeMutablePointer<Int32>
  let columnKept: UnsafeMutablePointer<Int32>

  /// Lists the elements of `mask` equal to 1, viewing it as [shape[0], rest].
  public init(mask: Tensor) {
    let rows = mask.shape.first ?? 1
    let columns = rows == 0 ? 0 : mask.count / rows
    precondition(mask.count <= Int(Int32.max), "too many elements for Int32 indices")
    self.rows = rows
    self.columns = columns
    let m = mask.pointer
    var count = 0
    for i in 0..<mask.count where m[i] != 0 { count += 1 }
    self.count = count
    rowStart = .allocate(capacity: rows + 1)
    column = .allocate(capacity: Swift.max(count, 1))
    kept = .allocate(capacity: Swift.max(count, 1))
    columnStart = .allocate(capacity: columns + 1)
    row = .allocate(capacity: Swift.max(count, 1))
    columnKept = .allocate(capacity: Swift.max(count, 1))
    // Row-major: scan in order. Column-major: count per column, then place rows in ascending
    // order.
    columnStart.initialize(repeating: 0, count: columns + 1)
    var k = 0
    for r in 0..<rows {
      rowStart[r] = Int64(k)
      for c in 0..<columns where m[r * columns + c] != 0 {
        column[k] = Int32(c)
        kept[k] = Int32(r * columns + c)
        columnStart[c + 1] += 1
        k += 1
      }
    }
    rowStart[rows] = Int64(k)
    for c in 0..<columns { columnStart[c + 1] += columnStart[c] }
    var next = (0..<columns).map { Int(columnStart[$0]) }
    for r in 0..<rows {
      for k in Int(rowStart[r])..<Int(rowStart[r + 1]) {
        let c = Int(column[k])
        row[next[c]] = Int32(r)
        columnKept[next[c]] = kept[k]
        next[c] += 1
      }
    }
  }

  deinit {
    for p in [rowStart, columnStart] { p.deallocate() }
    for p in [column, kept, row, columnKept] { p.deallocate() }
  }

  /// The fraction of elements kept, 0–1 (1 for an empty matrix).
  public var density: Double {
    rows * columns == 0 ? 1 : Double(count) / Double(rows * columns)
  }

  /// The flat indices of the kept elements, ascending.
  public var keptIndices: [Int] { (0..<count).map { Int(kept[$0]) } }

  /// The flat indices of the kept elements in column-major order (by column, then row).
  public var keptIndicesByColumn: [Int] { (0..<count).map { Int(columnKept[$0]) } }

  /// The pattern as the C kernels take it.
  var kernelPattern: tb_mask_pattern {
    tb_mask_pattern(
      row_start: rowStart, column: column, kept: kept, column_start: columnStart, row: row,
      column_kept: columnKept, rows: rows, columns: columns, count: count)
  }
}

/// A 64-byte aligned float buffer that grows on demand and keeps its largest size (scratch for
/// the sparse kernels, which load whole cache lines).
final class AlignedScratch {
  private(set) var pointer: UnsafeMutablePointer<Float>
  private(set) var capacity: Int

  init() {
    capacity = 16
    pointer = Self.allocate(16)
  }

  deinit { UnsafeMutableRawPointer(pointer).deallocate() }

  /// Makes room for `count` floats (contents are unspecified after growing).
  func reserve(_ count: Int) -> UnsafeMutablePointer<Float> {
    if count > capacity {
      UnsafeMutableRawPointer(pointer).deallocate()
      pointer = Self.allocate(count)
      capacity = count
    }
    return pointer
  }

  private static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
    let p = UnsafeMutableRawPointer.allocate(
      byteCount: count * MemoryLayout<Float>.stride, alignment: 64
    ).bindMemory(to: Float.self, capacity: count)
    p.initialize(repeating: 0, count: count)
    return p
  }
}
