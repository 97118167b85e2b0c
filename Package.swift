// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "Ticketbook",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "ticketbook", targets: ["ticketbook"]),
    // Lesson programs link this dynamic library; it re-exports NeuralNet, Lottery and Plots.
    .library(name: "Lab", type: .dynamic, targets: ["Lab"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    // The HTTP server of `ticketbook preview` (small: no SwiftNIO; see docs/cli.md).
    .package(url: "https://github.com/swhitty/FlyingFox", exact: "0.27.1"),
  ],
  targets: [
    .systemLibrary(name: "CCmark", pkgConfig: "libcmark", providers: [.apt(["libcmark-dev"])]),
    .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    // SHA-256 from Debian's libcrypto (OpenSSL), for Canonical.
    .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
    // Small C helpers the engine needs and Swift cannot express (floating-point control, CPUID).
    .target(
      name: "CKernels",
      cSettings: [.unsafeFlags(["-O3", "-fno-math-errno", "-ffp-contract=off", "-fno-builtin"])]),
    .target(name: "NeuralNet", dependencies: ["CBLAS", "CZlib", "CKernels"]),
    // SHA-256 and canonical JSON: names of experiments, cache and memo keys, checksums.
    .target(name: "Canonical", dependencies: ["CCrypto"]),
    .target(name: "Lottery", dependencies: ["NeuralNet", "Canonical", "CKernels"]),
    .target(name: "Plots"),
    .target(name: "LabRecords", dependencies: ["Plots", "Canonical"]),
    .target(
      name: "Lab", dependencies: ["NeuralNet", "Lottery", "Plots", "LabRecords", "CKernels"]),
    .target(name: "Notebook", dependencies: ["CCmark", "Plots", "LabRecords"]),
    // The measurements of `ticketbook bench` (training, sparse inference, edge-popup steps) and
    // their statistics.
    .target(name: "Benchmarks", dependencies: ["NeuralNet", "Lottery"]),
    .executableTarget(
      name: "ticketbook",
      dependencies: [
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "FlyingFox", package: "FlyingFox"),
        "Notebook", "Benchmarks", "Lottery", "LabRecords",
      ]),
    .testTarget(
      name: "NeuralNetTests", dependencies: ["NeuralNet", "CKernels", "SnapshotSupport"]),
    .testTarget(name: "CanonicalTests", dependencies: ["Canonical"]),
    .testTarget(name: "LotteryTests", dependencies: ["Lottery", "NeuralNet"]),
    .testTarget(
      name: "BenchmarksTests",
      dependencies: ["Benchmarks", "NeuralNet", "Lottery", "SnapshotSupport"]),
    // The golden-file comparison both snapshot suites use, and the lock of tests that change or
    // depend on the engine's process-wide settings.
    .target(name: "SnapshotSupport", path: "Tests/SnapshotSupport"),
    .testTarget(
      name: "PlotsTests", dependencies: ["Plots", "SnapshotSupport"], exclude: ["Snapshots"]),
    .testTarget(name: "LabTests", dependencies: ["Lab", "LabRecords"]),
    .testTarget(
      name: "NotebookTests", dependencies: ["Notebook", "Plots", "SnapshotSupport"],
      exclude: ["Fixtures", "Snapshots"]),
    .testTarget(name: "TicketbookTests", dependencies: ["ticketbook", "Lottery", "NeuralNet"]),
  ]
)
