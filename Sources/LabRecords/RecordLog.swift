import Foundation

/// The side-channel file format: one canonical JSON ``LabRecord`` per line.
public enum RecordLog {
  /// Encodes one record as a line, newline included.
  public static func line(for record: LabRecord) -> Data {
    var data = (try? CanonicalJSON.encode(record)) ?? Data("{}".utf8)
    data.append(0x0A)
    return data
  }

  /// Decodes every complete, well-formed line of a record file.
  ///
  /// A process that dies while writing leaves at most a torn last line; it is skipped, as is any
  /// line that does not decode, so a crash never makes the earlier records unreadable.
  public static func records(in data: Data) -> [LabRecord] {
    let decoder = CanonicalJSON.decoder()
    var records: [LabRecord] = []
    for line in data.split(separator: 0x0A, omittingEmptySubsequences: true) {
      if let record = try? decoder.decode(LabRecord.self, from: Data(line)) {
        records.append(record)
      }
    }
    return records
  }
}
