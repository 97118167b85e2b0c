/// What a lesson's run was made with, shown in the page's footer so a reader can tell which
/// engine, toolchain and data produced the numbers.
public struct RunFacts: Codable, Equatable, Sendable {
  /// The engine build: SHA-256 of the Lab library the lesson program linked.
  public var engineBuild: String
  /// The first line of `swiftc --version`.
  public var swiftVersion: String
  /// SHA-256 of the Fashion-MNIST files, or `none`.
  public var datasetChecksum: String
  /// Whether the lesson program was compiled with `-O` (else `-Onone`).
  public var optimized: Bool
  /// The OpenBLAS kernel family (`Haswell`, `SkylakeX`, …), or nil when unknown.
  public var blasKernels: String?

  /// Creates the facts of a run.
  public init(
    engineBuild: String, swiftVersion: String, datasetChecksum: String, optimized: Bool,
    blasKernels: String = ""
  ) {
    self.engineBuild = engineBuild
    self.swiftVersion = swiftVersion
    self.datasetChecksum = datasetChecksum
    self.optimized = optimized
    self.blasKernels = blasKernels.isEmpty ? nil : blasKernels
  }
}
