/// An error met while finding, reading or checking a dataset; its message names the file.
public enum DataError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The dataset directory does not exist.
  case missingDirectory(path: String)
  /// A file the dataset needs does not exist.
  case missingFile(path: String)
  /// A file exists but could not be opened or read.
  case unreadable(path: String, reason: String)
  /// The file does not start with the IDX magic number expected for it.
  case wrongMagic(path: String, expected: UInt32?, found: UInt32)
  /// The file ends inside its IDX header.
  case truncatedHeader(path: String, expectedBytes: Int, foundBytes: Int)
  /// The header announces more data than the file holds.
  case truncated(path: String, dimensions: [Int], expectedBytes: Int, foundBytes: Int)
  /// The file holds bytes after the data its header describes.
  case trailingData(path: String, dimensions: [Int])
  /// The gzip stream is damaged (bad checksum, bad deflate data, or cut off).
  case corruptGzip(path: String, reason: String)
  /// The IDX array does not have the shape the dataset expects.
  case unexpectedShape(path: String, expected: [Int], found: [Int])
  /// The label file and the image file disagree on the number of examples.
  case countMismatch(images: String, imageCount: Int, labels: String, labelCount: Int)
  /// A label is not one of the dataset's classes.
  case labelOutOfRange(path: String, index: Int, label: Int, classCount: Int)
  /// Values passed to a dataset operation do not fit together.
  case invalidArgument(String)

  /// A message that says what is wrong, with which file, and what to do about it.
  public var description: String {
    switch self {
    case .missingDirectory(let path):
      return """
        Fashion-MNIST directory not found: \(path). Install Debian's package with \
        `sudo apt-get install \(FashionMNIST.debianPackage)` (it installs to \
        \(FashionMNIST.defaultDirectory)), or point Ticketbook at a copy with the --data \
        option, the environment variable \(FashionMNIST.environmentVariable)=DIR, or the \
        directory: argument of FashionMNIST.load.
        """
    case .missingFile(let path):
      return "\(path): file not found"
    case .unreadable(let path, let reason):
      return "\(path): cannot read the file: \(reason)"
    case .wrongMagic(let path, let expected, let found):
      let wanted = expected.map { ", expected \(hex($0))" } ?? ""
      return "\(path): not an IDX file of the expected kind: magic number \(hex(found))\(wanted)"
    case .truncatedHeader(let path, let expected, let found):
      return "\(path): truncated: the file ends after \(found) bytes, inside the IDX header "
        + "(\(expected) bytes)"
    case .truncated(let path, let dimensions, let expected, let found):
      let items = dimensions.first ?? 0
      let item = dimensions.dropFirst().map(String.init).joined(separator: "×")
      let what = item.isEmpty ? "\(items) items" : "\(items) items of \(item)"
      return "\(path): truncated: the header says \(what) (\(expected) data bytes) "
        + "but the file holds only \(found)"
    case .trailingData(let path, let dimensions):
      return "\(path): unexpected bytes after the data for dimensions \(dimensions)"
    case .corruptGzip(let path, let reason):
      return "\(path): corrupt gzip data: \(reason)"
    case .unexpectedShape(let path, let expected, let found):
      return "\(path): expected IDX dimensions \(expected), found \(found)"
    case .countMismatch(let images, let imageCount, let labels, let labelCount):
      return "\(labels) has \(labelCount) labels but \(images) has \(imageCount) images"
    case .labelOutOfRange(let path, let index, let label, let classCount):
      return "\(path): label \(label) of example \(index) is outside 0..<\(classCount)"
    case .invalidArgument(let message):
      return message
    }
  }
}

/// `0x00000803`-style spelling of a magic number.
private func hex(_ value: UInt32) -> String {
  let digits = String(value, radix: 16)
  return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
