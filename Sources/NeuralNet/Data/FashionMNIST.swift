import Foundation

/// A training, validation and test set, the validation set held out of the training data.
public struct DataSplits: Sendable, Equatable {
  /// The training examples that remain after the validation set is held out.
  public let train: Dataset
  /// The held-out examples, used for early stopping and model selection.
  public let validation: Dataset
  /// The test examples, untouched by training and selection.
  public let test: Dataset
  /// The positions in the full training set of the validation examples, ascending.
  public let validationIndices: [Int]

  /// Creates splits from sets already separated (`validationIndices` is then informative).
  public init(train: Dataset, validation: Dataset, test: Dataset, validationIndices: [Int] = []) {
    self.train = train
    self.validation = validation
    self.test = test
    self.validationIndices = validationIndices
  }

  /// Holds `validationCount` examples of `full`, chosen by a permutation seeded with `seed`,
  /// out of training; both parts keep the order of `full` and share its storage.
  ///
  /// Equal seeds give equal splits. Throws ``DataError/invalidArgument(_:)`` when
  /// `validationCount` is outside `0...full.count`.
  public init(holdingOut validationCount: Int, of full: Dataset, test: Dataset, seed: UInt64)
    throws
  {
    let n = full.count
    guard validationCount >= 0 && validationCount <= n else {
      throw DataError.invalidArgument(
        "validation count \(validationCount) is outside 0...\(n), the training set's size")
    }
    var generator = SeededGenerator(seed: seed)
    var heldOut = [Bool](repeating: false, count: n)
    for i in generator.permutation(n).prefix(validationCount) { heldOut[i] = true }
    let validationIndices = (0..<n).filter { heldOut[$0] }
    self.init(
      train: full.subset((0..<n).filter { !heldOut[$0] }),
      validation: full.subset(validationIndices), test: test,
      validationIndices: validationIndices)
  }
}

/// Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 28×28 grey images of 10 kinds of clothing,
/// 60,000 for training and 10,000 for testing, read from the IDX files Debian installs.
///
/// The directory is, in order of precedence: the `directory` argument (the command line's
/// `--data` option passes it), the environment variable `TICKETBOOK_FASHION_MNIST`, or
/// ``defaultDirectory``, where `apt-get install dataset-fashion-mnist` puts the files.
public enum FashionMNIST {
  /// Where Debian's `dataset-fashion-mnist` package installs the files.
  public static let defaultDirectory = "/usr/share/datasets/fashion-mnist"
  /// The environment variable that overrides the directory.
  public static let environmentVariable = "TICKETBOOK_FASHION_MNIST"
  /// The Debian package that provides the files.
  public static let debianPackage = "dataset-fashion-mnist"
  /// The shape of one image, channels last.
  public static let sampleShape = [28, 28, 1]
  /// The names of the 10 classes, by label.
  public static let classNames = [
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
  ]

  private static let baseNames = [
    "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
  ]

  /// The directory to read: `explicit` if given, else the environment variable, else the
  /// default. Empty strings count as not given.
  public static func resolveDirectory(
    _ explicit: String? = nil,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> String {
    if let explicit, !explicit.isEmpty { return explicit }
    if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
      return fromEnvironment
    }
    return defaultDirectory
  }

  /// The four files, in the order training images, training labels, test images, test labels.
  ///
  /// Each is the gzip-compressed `….gz` name, or the plain name when only that exists.
  public static func files(in directory: String? = nil) -> [String] {
    let root = URL(fileURLWithPath: resolveDirectory(directory), isDirectory: true)
    return baseNames.map { name in
      let plain = root.appendingPathComponent(name).path
      let compressed = plain + ".gz"
      let usePlain =
        !FileManager.default.fileExists(atPath: compressed)
        && FileManager.default.fileExists(atPath: plain)
      return usePlain ? plain : compressed
    }
  }

  /// The full training set (60,000 images) and the test set (10,000), pixels scaled to [0, 1].
  ///
  /// Files are parsed once per process and directory; later calls share the same storage.
  public static func load(directory: String? = nil) throws -> (train: Dataset, test: Dataset) {
    let parsed = try ParsedFiles.load(resolveDirectory(directory))
    return (parsed.train, parsed.test)
  }

  /// Training, validation and test sets: `validationCount` training examples, chosen by a
  /// permutation seeded with `seed`, are held out (the Lottery Ticket paper holds out 5,000).
  ///
  /// Equal seeds give equal splits; both parts keep the original order of the training file
  /// and share the storage of the cached training set, so a split costs no copy of pixels.
  public static func splits(
    directory: String? = nil, validationCount: Int = 5000, seed: UInt64 = 0
  ) throws -> DataSplits {
    let parsed = try ParsedFiles.load(resolveDirectory(directory))
    return try DataSplits(
      holdingOut: validationCount, of: parsed.train, test: parsed.test, seed: seed)
  }

  /// Forgets the parsed files, so the next load reads the disk again.
  public static func clearCache() {
    ParsedFiles.cache.withLock { $0.removeAll() }
  }

  /// Reads and checks an image file and its label file; pixels become floats in [0, 1].
  static func readExamples(images: String, labels labelsPath: String) throws -> Dataset {
    let imageArray = try IDX.read(images, expectedMagic: IDX.imagesMagic)
    let labelArray = try IDX.read(labelsPath, expectedMagic: IDX.labelsMagic)
    let n = imageArray.dimensions[0]
    let expectedShape = [n] + sampleShape.prefix(2)
    guard imageArray.dimensions == expectedShape else {
      throw DataError.unexpectedShape(
        path: images, expected: expectedShape, found: imageArray.dimensions)
    }
    guard labelArray.dimensions[0] == n else {
      throw DataError.countMismatch(
        images: images, imageCount: n, labels: labelsPath, labelCount: labelArray.dimensions[0])
    }
    if let bad = labelArray.bytes.firstIndex(where: { Int($0) >= classNames.count }) {
      throw DataError.labelOutOfRange(
        path: labelsPath, index: bad, label: Int(labelArray.bytes[bad]),
        classCount: classNames.count)
    }
    let pixels = imageArray.bytes
    let features = [Float](unsafeUninitializedCapacity: pixels.count) { out, initialized in
      pixels.withUnsafeBufferPointer { source in
        for i in source.indices { out[i] = Float(source[i]) / 255 }
      }
      initialized = pixels.count
    }
    let labels = labelArray.bytes.map { Int32($0) }
    return Dataset(unchecked: sampleShape, classNames, features, labels)
  }

  /// The parsed training and test files of one directory, cached per process.
  struct ParsedFiles: Sendable {
    let stamps: [String]
    let train: Dataset
    let test: Dataset

    /// One slot per directory, each with its own lock, so that loading one directory never
    /// waits for another and a directory is parsed once even when asked for concurrently.
    static let cache = Locked<[String: Locked<ParsedFiles?>]>([:])

    /// The parsed files of `directory`, from the cache unless a file changed since.
    static func load(_ directory: String) throws -> ParsedFiles {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
        isDirectory.boolValue
      else { throw DataError.missingDirectory(path: directory) }
      let paths = files(in: directory)
      let slot = cache.withLock { slots in
        if let slot = slots[directory] { return slot }
        let slot = Locked<ParsedFiles?>(nil)
        slots[directory] = slot
        return slot
      }
      return try slot.withLock { entry in
        let stamps = paths.map(stamp)
        if let entry, entry.stamps == stamps { return entry }
        let parsed = ParsedFiles(
          stamps: stamps,
          train: try readExamples(images: paths[0], labels: paths[1]),
          test: try readExamples(images: paths[2], labels: paths[3]))
        entry = parsed
        return parsed
      }
    }

    /// The path, size and modification time of a file, to notice when it changes.
    private static func stamp(_ path: String) -> String {
      let attributes = try? FileManager.default.attributesOfItem(atPath: path)
      let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
      let date = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
      return "\(path) \(size) \(date)"
    }
  }
}

/// A value guarded by a lock, for the few caches that live for the whole process.
final class Locked<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value

  init(_ value: Value) { self.value = value }

  /// Runs `body` with exclusive access to the value.
  func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
    lock.lock()
    defer { lock.unlock() }
    return try body(&value)
  }
}
