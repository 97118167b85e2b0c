import Foundation
import LabRecords

/// Reads the records a running program appends, a complete line at a time.
struct RecordTail {
  let path: String
  private var offset: UInt64 = 0
  private var partial = Data()

  init(path: String) {
    self.path = path
  }

  /// The records appended since the last call.
  mutating func read() -> [LabRecord] {
    guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
    defer { try? handle.close() }
    guard (try? handle.seek(toOffset: offset)) != nil,
      let data = try? handle.readToEnd(), !data.isEmpty
    else { return [] }
    offset += UInt64(data.count)
    partial.append(data)
    guard let lastNewline = partial.lastIndex(of: 0x0A) else { return [] }
    let complete = partial[partial.startIndex...lastNewline]
    let records = RecordLog.records(in: Data(complete))
    partial = Data(partial[(lastNewline + 1)...])
    return records
  }
}
