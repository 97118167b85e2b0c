import NeuralNet

@_implementationOnly import CKernels

/// A contiguous, 64-byte aligned array of `T` that lives as long as its owner.
private final class AlignedArray<T> {
  let pointer: UnsafeMutablePointer<T>
  let count: Int

  init(_ values: [T]) {
    count = values.count
    pointer = UnsafeMutableRawPointer.allocate(
      byteCount: max(count, 1) * MemoryLayout<T>.stride, alignment: 64
    ).bindMemory(to: T.self, capacity: max(count, 1))
    _ = UnsafeMutableBufferPointer(start: pointer, count: count).initialize(from: values)
  }

  convenience init(repeating value: T, count: Int) {
    self.init([T](repeating: value, count: count))
  }

  deinit {
    pointer.deinitialize(count: count)
    UnsafeMutableRawPointer(pointer).deallocate()
  }
}

/// A CSR matrix and its bias laid out for the C kernels, in two forms: sliced ELLPACK (SELL-16,
/// rows sorted by length and interleaved sixteen at a time) for one sample at a time, and plain
/// CSR for blocks of samples; plus the blocked kernel's scratch.
final class SparseRows {
  let rows: Int
  let columns: Int
  private let slices: Int
  private let sliceOffset: AlignedArray<Int64>
  private let sliceWidth: AlignedArray<Int32>
  private let sliceColumn: AlignedArray<Int32>
  private let sliceValue: AlignedArray<Float>
  private let laneRow: AlignedArray<Int32>
  private let laneBias: AlignedArray<Float>
  private let rowStart: AlignedArray<Int64>
  private let column: AlignedArray<Int32>
  private let value: AlignedArray<Float>
  private let bias: AlignedArray<Float>
  private let scratch: AlignedArray<Float>

  /// The instruction set level the kernels use: 3 AVX-512, 2 AVX2+FMA, 1 baseline. Setting it
  /// caps the level (0 removes the cap), so tests reach every code path on one machine.
  static var simdLevel: Int {
    get { Int(tb_sparse_simd_level()) }
    set { tb_sparse_limit_simd_level(Int32(newValue)) }
  }

  /// The floats of scratch the blocked kernel keeps.
  var scratchCount: Int { scratch.count }

  init(_ matrix: CSRMatrix, bias b: [Float]) {
    precondition(b.count == matrix.rows, "\(b.count) biases for \(matrix.rows) rows")
    rows = matrix.rows
    columns = matrix.columns
    rowStart = AlignedArray(matrix.rowPointers.map { Int64($0) })
    column = AlignedArray(matrix.columnIndices)
    value = AlignedArray(matrix.values)
    bias = AlignedArray(b)
    scratch = AlignedArray(
      repeating: 0, count: tb_csr_spmm_scratch_count(matrix.rows, matrix.columns))

    // SELL-16: longest rows first (equal lengths in row order), so slices need little padding.
    let lane = Int(TB_SLICE)
    let order = (0..<rows).sorted {
      (matrix.rowLength($1), $0) < (matrix.rowLength($0), $1)
    }
    slices = (rows + lane - 1) / lane
    var offsets: [Int64] = []
    var widths: [Int32] = []
    var laneRows = [Int32](repeating: -1, count: slices * lane)
    var laneBiases = [Float](repeating: 0, count: slices * lane)
    var slotColumns: [Int32] = []
    var slotValues: [Float] = []
    for s in 0..<slices {
      let members = order[(s * lane)..<min(rows, (s + 1) * lane)]
      let width = members.map { matrix.rowLength($0) }.max() ?? 0
      offsets.append(Int64(slotColumns.count))
      widths.append(Int32(width))
      let base = slotColumns.count
      slotColumns.append(contentsOf: repeatElement(0, count: width * lane))
      slotValues.append(contentsOf: repeatElement(0, count: width * lane))
      for (j, r) in members.enumerated() {
        laneRows[s * lane + j] = Int32(r)
        laneBiases[s * lane + j] = b[r]
        for (t, k) in (matrix.rowPointers[r]..<matrix.rowPointers[r + 1]).enumerated() {
          slotColumns[base + t * lane + j] = matrix.columnIndices[k]
          slotValues[base + t * lane + j] = matrix.values[k]
        }
      }
    }
    sliceOffset = AlignedArray(offsets)
    sliceWidth = AlignedArray(widths)
    sliceColumn = AlignedArray(slotColumns)
    sliceValue = AlignedArray(slotValues)
    laneRow = AlignedArray(laneRows)
    laneBias = AlignedArray(laneBiases)
  }

  /// y = x·Wᵀ + b for `n` samples, one SELL-16 matrix–vector product per sample.
  func perSample(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, samples n: Int) {
    let m = tb_sliced_rows(
      offset: sliceOffset.pointer, width: sliceWidth.pointer, column: sliceColumn.pointer,
      value: sliceValue.pointer, row: laneRow.pointer, bias: laneBias.pointer, slices: slices,
      rows: rows, columns: columns)
    tb_sliced_rows_spmv(m, x, y, n)
  }

  /// y = x·Wᵀ + b for `n` samples, in blocks of transposed inputs.
  func blocked(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, samples n: Int) {
    let m = tb_csr(
      start: rowStart.pointer, column: column.pointer, value: value.pointer, bias: bias.pointer,
      rows: rows, columns: columns)
    tb_csr_spmm(m, x, y, n, scratch.pointer)
  }
}
