import ArgumentParser
import Foundation
import Lottery
import NeuralNet

/// `ticketbook bench supermask`: the cost of an edge-popup training step against a dense step of
/// the same MLP, and edge-popup's Fashion-MNIST accuracy per weight initialisation and width.
struct BenchSupermask: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "supermask",
    abstract: "Time edge-popup steps against dense steps; measure edge-popup accuracy.",
    discussion: """
      The step timing alternates blocks of edge-popup and dense steps on one random batch and
      prints the median per-step CPU time of each, measured on the calling thread with one
      OpenBLAS thread (target: edge-popup ≤ 2× dense). With --epochs > 0
      it then runs edge-popup and the random-subnetwork control on Fashion-MNIST for each
      initialisation and width. Record the numbers in docs/supermask.md.
      """)

  @Option(
    name: .customLong("widths"),
    help: "An MLP's widths, input first, such as 784-300-100-10 (repeat for several).")
  var widthSpecs: [String] = ["784-300-100-10"]

  @Option(help: "Fraction of each layer's weights kept (the paper's k), 0–1.")
  var kept: Double = 0.5

  @Option(help: "Samples per step.")
  var batch: Int = 128

  @Option(help: "Steps per timed block.")
  var steps: Int = 50

  @Option(help: "Timed blocks of each kind (the median is reported).")
  var rounds: Int = 9

  @Option(help: "Epochs of edge-popup on Fashion-MNIST per run (0: timing only).")
  var epochs: Int = 0

  @Option(help: "Weight initialisations: sc (signed Kaiming constant), kn (Kaiming normal), ku.")
  var inits: [String] = ["sc", "kn"]

  @Option(help: "Seeds of the weights and initial scores (repeat for several runs).")
  var seeds: [UInt64] = [0]

  @Flag(help: "Scale the frozen weights by 1/√k.")
  var scaleByKept = false

  @Option(help: "Fashion-MNIST directory (default: $TICKETBOOK_FASHION_MNIST or Debian's).")
  var data: String?

  @Flag(help: "Print one JSON object per line instead of text.")
  var json = false

  private var widths: [[Int]] {
    widthSpecs.map { $0.split(separator: "-").compactMap { Int($0) } }
  }

  func validate() throws {
    guard
      zip(widths, widthSpecs).allSatisfy({
        $0.count >= 2 && $0.count == $1.split(separator: "-").count
      })
    else { throw ValidationError("--widths takes numbers joined by '-', such as 784-300-100-10") }
    guard (0...1).contains(kept) else { throw ValidationError("--kept must be in [0, 1]") }
    guard batch > 0, steps > 0, rounds > 0, epochs >= 0 else {
      throw ValidationError("--batch, --steps and --rounds must be positive")
    }
    guard inits.allSatisfy({ Self.initializer($0) != nil }) else {
      throw ValidationError("--inits takes sc, kn or ku")
    }
  }

  static func initializer(_ name: String) -> Initializer? {
    switch name {
    case "sc": .signedHeConstant()
    case "kn": .heNormal()
    case "ku": .heUniform()
    default: nil
    }
  }

  func run() throws {
    requireSingleThreadedBLAS()
    BLAS.setThreads(1)
    for w in widths { try timeSteps(w) }
    guard epochs > 0 else { return }
    let splits = try DataConfig().load(directory: data)
    for w in widths {
      for i in inits {
        for seed in seeds {
          var config = SupermaskConfig(
            widths: w, weightInit: Self.initializer(i)!, keptFraction: kept,
            scaleByKept: scaleByKept, seed: seed)
          config.training.length = .epochs(epochs)
          let start = ContinuousClock.now
          let found = try Supermask.run(config, data: splits)
          let seconds = Self.seconds(ContinuousClock.now - start)
          let random = try Supermask.run(config.with(control: .randomSubnetwork), data: splits)
          report([
            "kind": "accuracy", "widths": w, "init": i, "kept": kept, "scale_by_kept": scaleByKept,
            "epochs": epochs, "seed": seed, "edge_popup_accuracy": found.finalAccuracy,
            "edge_popup_per_epoch": found.history.compactMap { $0.test?.accuracy },
            "random_subnetwork_accuracy": random.finalAccuracy,
            "overlap_with_initial": found.layers.map(\.overlapWithInitial), "seconds": seconds,
          ])
        }
      }
    }
  }

  /// Median seconds per step of edge-popup and of dense training of the same widths.
  private func timeSteps(_ w: [Int]) throws {
    let supermask = try SupermaskModel(widths: w, keptFraction: kept).build(seed: 0)
    let dense = try ModelSpec.mlp(widths: w).build(weightInit: .heNormal(), seed: 0)
    let sgd = OptimizerConfig.sgd(momentum: 0.9, weightDecay: 1e-4)
    var g = SeededGenerator(seed: 1)
    let x = Tensor(shape: [batch, w[0]], values: (0..<batch * w[0]).map { _ in g.nextNormal() })
    let labels = (0..<batch).map { _ in Int32(g.nextInt(below: w.last!)) }
    let runs = [(supermask, sgd.make(supermask.parameters)), (dense, sgd.make(dense.parameters))]
    var times: [[Double]] = [[], []]
    var selection: [Double] = []
    FloatControl.withDenormalsFlushed {
      for (net, opt) in runs { _ = Self.block(net, opt, x, labels, steps: 5) }
      for _ in 0..<rounds {
        for (k, (net, opt)) in runs.enumerated() {
          times[k].append(Self.block(net, opt, x, labels, steps: steps) / Double(steps))
        }
        let start = Self.threadSeconds()
        for _ in 0..<steps { for layer in supermask.supermaskLayers { layer.updateMask() } }
        selection.append((Self.threadSeconds() - start) / Double(steps))
      }
    }
    let ep = Self.median(times[0])
    let dn = Self.median(times[1])
    report([
      "kind": "step", "widths": w, "kept": kept, "batch": batch,
      "edge_popup_seconds": ep, "dense_seconds": dn, "ratio": ep / dn,
      "top_k_seconds": Self.median(selection), "weights": supermask.parameterCount,
      "edge_popup_all": times[0], "dense_all": times[1],
    ])
  }

  /// CPU seconds of the calling thread: unlike wall time, not inflated while other programs on
  /// this shared machine hold the core (with one OpenBLAS thread all the work is on this one).
  private static func threadSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
  }

  /// Thread CPU seconds for `steps` training steps (forward, loss, backward, optimiser step).
  private static func block(
    _ net: Sequential, _ opt: Optimizer, _ x: Tensor, _ labels: [Int32], steps: Int
  ) -> Double {
    let loss = SoftmaxCrossEntropy()
    let start = threadSeconds()
    for _ in 0..<steps {
      let logits = net.forward(x, training: true)
      _ = labels.withUnsafeBufferPointer { loss.loss(logits: logits, labels: $0.baseAddress!) }
      net.backward(loss.gradient)
      opt.step(learningRate: 0.01)
    }
    return threadSeconds() - start
  }

  private static func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }

  private static func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.isEmpty ? .nan : (s[(s.count - 1) / 2] + s[s.count / 2]) / 2
  }

  private func report(_ fields: [String: Any]) {
    if json {
      let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
      print(String(decoding: data, as: UTF8.self))
      return
    }
    let line = fields.keys.sorted().map { key -> String in
      let value = fields[key]!
      if let d = value as? Double { return "\(key)=" + String(format: "%.6g", d) }
      return "\(key)=\(value)"
    }
    print(line.joined(separator: " "))
  }
}
