import ArgumentParser

/// Temporary root until the notebook command line lands.
struct Ticketbook: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ticketbook", subcommands: [Bench.self])
}

/// Benchmarks.
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(subcommands: [BenchTrain.self, BenchSparse.self])
}

selectBLASKernels()
Ticketbook.main()
