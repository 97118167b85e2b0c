import LabRecords

/// Everything that can change a lesson's outputs, each part kept so `--explain` can say which
/// one changed.
public struct CacheKey: Codable, Equatable, Sendable {
  /// SHA-256 of the program's identity: the code of its cells and its inline expressions (not
  /// the prose, not the Markdown line numbers).
  public var program: String
  /// The Lab library build: SHA-256 of `libLab.so`'s bytes (the engine, experiments and plots
  /// are all linked into it).
  public var lab: String
  /// SHA-256 of `swiftc --version` and the optimisation flag (`-Onone` or `-O`).
  public var toolchain: String
  /// The profile.
  public var profile: String
  /// The OpenBLAS kernel family the products run on (`Haswell`, `SkylakeX`, …): kernels sum in
  /// different orders, so they give different bits. Absent in entries of earlier versions.
  public var blasKernels: String?
  /// The dataset checksum (SHA-256 of the Fashion-MNIST files the lessons read): other data
  /// gives other numbers. Absent in entries of earlier versions, which therefore run again.
  public var dataset: String?

  /// Creates a key from its parts.
  public init(
    program: String, lab: String, toolchain: String, profile: String, blasKernels: String = "",
    dataset: String = ""
  ) {
    self.program = program
    self.lab = lab
    self.toolchain = toolchain
    self.profile = profile
    // Unknown kernels are nil, as in entries written before the field existed.
    self.blasKernels = blasKernels.isEmpty ? nil : blasKernels
    self.dataset = dataset.isEmpty ? nil : dataset
  }

  /// The key of `program` built with `lab`, `toolchain` and run in `profile` on `blasKernels`.
  public init(
    program: GeneratedProgram, lab: String, toolchain: String, profile: Profile,
    blasKernels: String = "", dataset: String = ""
  ) {
    self.init(
      program: SHA256.hexDigest(program.identity), lab: lab, toolchain: toolchain,
      profile: profile.rawValue, blasKernels: blasKernels, dataset: dataset)
  }

  /// Every part the key checked, named as in `--explain`, with the values a reader can compare
  /// (the profile, the OpenBLAS kernel family and the dataset checksum's first 12 digits).
  public var checkedParts: String {
    "code, Lab library, toolchain, profile \(profile), OpenBLAS kernels "
      + "\(blasKernels ?? "unknown"), dataset \(dataset.map { String($0.prefix(12)) } ?? "unknown")"
  }

  /// The parts that differ from `other`, named as in `--explain`.
  public func changes(from other: CacheKey) -> [String] {
    var changed: [String] = []
    if program != other.program { changed.append("the code of its cells or inline expressions") }
    if lab != other.lab { changed.append("the Lab library build (libLab.so)") }
    if toolchain != other.toolchain {
      changed.append("the Swift toolchain or its flags (swiftc --version, --optimize)")
    }
    if profile != other.profile { changed.append("the profile (\(other.profile) → \(profile))") }
    if blasKernels != other.blasKernels {
      changed.append(
        "the OpenBLAS kernels (\(other.blasKernels ?? "unknown") → \(blasKernels ?? "unknown"); OPENBLAS_CORETYPE chooses them)"
      )
    }
    if dataset != other.dataset {
      changed.append(
        "the dataset (checksum \(other.dataset.map { String($0.prefix(12)) } ?? "unknown") → \(dataset.map { String($0.prefix(12)) } ?? "unknown"))"
      )
    }
    return changed
  }
}
