// The course's shared code: compiled into every lesson program (docs/lesson-format.md,
// "Code shared by the lessons"). An experiment several lessons use is named here once, so every
// lesson that calls it gets the same `memo` entry, and a comparison's rules are the same on
// every page.
import Lab

/// The settings and experiments the lessons share.
enum Course {
  /// Replicates of every comparison: three in the published course. A seed sets the initial
  /// weights (and random masks); the order of the training batches and the validation split are
  /// the same for every seed, so the ranges over seeds are ranges over initialisations.
  static let seeds: [UInt64] = profile.pick(quick: [0, 1], full: [0, 1, 2])

  /// The data: Fashion-MNIST with 5,000 training images held out for validation, the first
  /// 20,000 of the remaining training images, and the 10,000 test images. With 20,000 training
  /// images LeNet-300-100 overfits within a few thousand iterations, so a run of 20 epochs shows
  /// the minimum of the validation loss well before its end.
  static let data = profile.pick(
    quick: DataConfig(trainLimit: 3_000, testLimit: 2_000), full: DataConfig(trainLimit: 20_000))

  /// How LeNet-300-100 is trained throughout the course, as in Frankle & Carbin (2019): Adam,
  /// learning rate 1.2e-3, batch 60; here 20 epochs (6,680 iterations), validated every 200
  /// iterations, tested where the validation loss reaches a new minimum.
  static let training = TrainingConfig(
    length: .epochs(profile.pick(quick: 4, full: 20)),
    evaluateEvery: profile.pick(quick: 50, full: 200), testEvaluation: .whenValidationImproves)

  /// Iterative magnitude pruning of LeNet-300-100 (lesson 2): 20 rounds of removing 20% of the
  /// hidden layers' and 10% of the output layer's surviving weights, rewinding to
  /// initialisation, down to 1.2% of the weights.
  static let lottery = LotteryConfig(
    model: .lenet300100, training: training, data: data, rounds: profile.pick(quick: 10, full: 20))

  /// The winning tickets, one run per seed (round 0 of each is the dense network).
  static func tickets() throws -> [LotteryResult] {
    try memoAll(seeds.map { lottery.with(seed: $0) }) { "IMP, seed \($0.seed)" }
  }

  /// The tickets and both controls (lesson 2; lesson 6 reuses them), in two batches of
  /// independent runs (`memoAll`: with `--jobs 2`, two processes at a time): the tickets with
  /// the random pruning control, which needs nothing from them, then the random
  /// re-initialisation control, which loads each ticket's masks from the memo store.
  static func lotteryRuns() throws -> (
    tickets: [LotteryResult], reinitialized: [LotteryResult], randomlyPruned: [LotteryResult]
  ) {
    let first = try memoAll(
      seeds.map { lottery.with(seed: $0) }
        + seeds.map { lottery.with(seed: $0).with(control: .randomPruning) }
    ) { "IMP (\($0.control == .ticket ? "ticket" : "random pruning")), seed \($0.seed)" }
    let reinitialized = try memoAll(
      seeds.map { lottery.with(seed: $0).with(control: .randomReinit) }
    ) { "re-init, seed \($0.seed)" }
    return (Array(first.prefix(seeds.count)), reinitialized, Array(first.suffix(seeds.count)))
  }
}

extension Course {
  /// How edge-popup trains its scores (lesson 4): the paper's SGD recipe for 10 epochs.
  static let supermaskTraining: TrainingConfig = {
    var training = SupermaskConfig.paperTraining
    training.length = .epochs(profile.pick(quick: 1, full: 10))
    training.evaluateEvery = profile.pick(quick: 20, full: 100)
    return training
  }()

  /// The values of k (the fraction of weights a supermask keeps) lesson 4 sweeps.
  static let supermaskKs = profile.pick(quick: [0.1, 0.5, 0.9], full: [0.1, 0.3, 0.5, 0.7, 0.9])

  /// An edge-popup supermask of an untrained MLP (lesson 4; lesson 6 reuses it).
  static func supermask(
    widths: [Int] = [784, 300, 100, 10], _ initializer: Initializer = .signedHeConstant(),
    kept: Double = 0.5, control: SupermaskControl = .edgePopup, seed: UInt64
  ) throws -> SupermaskResult {
    let c = SupermaskConfig(
      widths: widths, weightInit: initializer, keptFraction: kept, training: supermaskTraining,
      data: data, seed: seed, control: control)
    return try memo(c) {
      try Supermask.run(c, progress: tracking("edge-popup k=\(kept) \(widths), seed \(seed)"))
    }
  }
}

extension Course {
  /// Han et al.'s prune and fine-tune (lesson 1; lesson 6 reuses it): the dense network trained
  /// for 10 epochs (Adam, 1.2e-3), each pruning step followed by 6 epochs of fine-tuning at
  /// 3e-4.
  static let hanDenseEpochs = profile.pick(quick: 1, full: 10)
  static let hanTuneEpochs = profile.pick(quick: 1, full: 6)

  static func han(
    _ model: ModelSpec, method: PruningMethod, rounds: Int, fineTune: Bool = true, seed: UInt64
  ) -> PruneFineTuneConfig {
    PruneFineTuneConfig(
      model: model, training: TrainingConfig(length: .epochs(hanDenseEpochs)),
      fineTuning: TrainingConfig(length: .epochs(hanTuneEpochs), schedule: .constant(3e-4)),
      data: data, rounds: rounds, method: method, fineTune: fineTune, seed: seed)
  }

  /// The trained dense network of a model and seed: trained once, shared by every variant.
  static func denseWeights(_ model: ModelSpec, seed: UInt64) throws -> [Tensor] {
    let c = han(model, method: .threshold(quality: 1), rounds: 1, seed: seed)
    return try memo("dense-\(model.name)", config: c) {
      try PruneFineTune.trainDense(c, progress: tracking("dense \(model.name), seed \(seed)"))
    }
  }

  /// LeNet-300-100 pruned to keep `kept` of every weight layer in `steps` equal steps, with or
  /// without fine-tuning after each (lesson 1's sweep).
  static func prunedMLP(kept: Double, steps: Int, fineTune: Bool, seed: UInt64) throws
    -> CompressionStage
  {
    let perStep = 1 - pow(kept, 1 / Double(steps))
    let c = han(
      .lenet300100, method: .layerwiseMagnitude(.uniform(perStep)), rounds: steps,
      fineTune: fineTune, seed: seed)
    let dense = try denseWeights(.lenet300100, seed: seed)
    return try memo(c) { try PruneFineTune.run(c, dense: dense) }.pruned
  }

  /// LeNet-300-100's dense network fine-tuned in three steps with nothing pruned: the dense
  /// network trained as long as the pruned ones (lesson 1; lesson 6 reuses it).
  static func denseTrainedAsLong(seed: UInt64) throws -> CompressionStage {
    try prunedMLP(kept: 1, steps: 3, fineTune: true, seed: seed)
  }

  /// The fractions of weights lesson 1's sweep keeps.
  static let sweepKept = profile.pick(quick: [0.5, 0.1], full: [0.5, 0.25, 0.1, 0.05, 0.025])
}

/// The outcome of comparing a measurement of two conditions over the same seeds.
///
/// The rule of the whole course: a difference is claimed only when the two ranges over seeds do
/// not overlap (every seed of one above every seed of the other); otherwise the page says there
/// is no measurable difference.
enum Comparison: String {
  case higher, lower, noMeasurableDifference

  /// Compares `a` with `b` (one value per seed each).
  init(_ a: [Double], _ b: [Double]) {
    if a.min()! > b.max()! {
      self = .higher
    } else if a.max()! < b.min()! {
      self = .lower
    } else {
      self = .noMeasurableDifference
    }
  }

  /// "higher than", "lower than", "not measurably different from".
  var phrase: String {
    switch self {
    case .higher: return "higher than"
    case .lower: return "lower than"
    case .noMeasurableDifference: return "not measurably different from"
    }
  }
}

/// Percent with two decimals, from a fraction: 0.8765 → "87.65".
func pct(_ x: Double) -> String { String(format: "%.2f", x * 100) }

/// "87.65 (87.10–88.02)": a mean with its range over seeds, from fractions.
func pctSpread(_ values: [Double]) -> String {
  let s = Spread(values)
  return "\(pct(s.mean)) (\(pct(s.min))–\(pct(s.max)))"
}

/// A percentage of weights remaining as the page prints it: "13.4", "7.0", "0.58".
func remaining(_ percent: Double) -> String {
  String(format: percent < 1 ? "%.2g" : "%.1f", percent)
}

/// "1,733 (1,600–2,000)": the mean of counts (such as iterations) with their range over seeds.
func countSpread(_ values: [Double]) -> String {
  let s = Spread(values)
  return "\(thousands(Int(s.mean.rounded()))) (\(thousands(Int(s.min)))–\(thousands(Int(s.max))))"
}

/// "10.3 (6.1–16.7)": a mean with its range over seeds, one decimal.
func oneDecimalSpread(_ values: [Double]) -> String {
  let s = Spread(values)
  return String(format: "%.1f (%.1f–%.1f)", s.mean, s.min, s.max)
}

/// An integer with thousands separators: 12345 → "12,345".
func thousands(_ n: Int) -> String {
  let digits = String(n.magnitude)
  var out = ""
  for (i, c) in digits.enumerated() {
    if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
    out.append(c)
  }
  return (n < 0 ? "-" : "") + out
}

/// A plot series of means with a band from the lowest to the highest value: `values[i]` holds
/// one value per seed at `x[i]`.
func spreadSeries(_ name: String, x: [Double], _ values: [[Double]], markers: Bool = true) -> Series {
  Series(
    name, x: x, y: values.map { Spread($0).mean }, lower: values.map { $0.min()! },
    upper: values.map { $0.max()! }, markers: markers)
}

/// Min–max bands of a metric over seeds, per round, as a plot series.
func roundSeries(
  _ name: String, _ runs: [LotteryResult], _ metric: (RoundResult) -> Double
) -> Series {
  spreadSeries(
    name, x: runs[0].rounds.map(\.percentRemaining),
    runs[0].rounds.indices.map { r in runs.map { metric($0.rounds[r]) } })
}

/// Mean of a per-pixel quantity (784 values, 28 × 28) on the image's outer 3-pixel ring and in
/// its central 14 × 14 square (lessons 2 and 4).
func borderAndCentre(_ perPixel: [Double]) -> (border: Double, centre: Double) {
  var border: [Double] = []
  var centre: [Double] = []
  for row in 0..<28 {
    for col in 0..<28 {
      let edge = min(row, col, 27 - row, 27 - col)
      if edge < 3 { border.append(perPixel[row * 28 + col]) }
      if edge >= 7 { centre.append(perPixel[row * 28 + col]) }
    }
  }
  return (Spread(border).mean, Spread(centre).mean)
}

/// Lesson 2's runs judged against the dense network by the course's rule, round by round (lesson
/// 6 answers the review questions from the same verdicts).
struct TicketVerdicts {
  let tickets: [LotteryResult]
  /// Percent of weights remaining, per round.
  var percent: [Double] { tickets[0].rounds.map(\.percentRemaining) }
  /// Test accuracy at early stopping, one value per seed.
  func accuracy(_ r: Int) -> [Double] { tickets.map { $0.rounds[r].earlyStopAccuracy } }
  /// Early-stopping iteration, one value per seed.
  func stop(_ r: Int) -> [Double] { tickets.map { Double($0.rounds[r].earlyStopIteration) } }
  /// Accuracy of round `r` against the dense network (round 0).
  func accuracyVerdict(_ r: Int) -> Comparison { Comparison(accuracy(r), accuracy(0)) }
  /// Early-stopping iteration of round `r` against the dense network's (`.lower`: earlier).
  func stopVerdict(_ r: Int) -> Comparison { Comparison(stop(r), stop(0)) }
  /// The pruned rounds of the lecture's range, 1–15% of the weights.
  var inRange: [Int] { tickets[0].rounds.indices.filter { $0 > 0 && percent[$0] >= 1 && percent[$0] <= 15 } }
  var notLower: [Int] { inRange.filter { accuracyVerdict($0) != .lower } }
  var lower: [Int] { inRange.filter { accuracyVerdict($0) == .lower } }
  var faster: [Int] { inRange.filter { stopVerdict($0) == .lower } }
  var slower: [Int] { inRange.filter { stopVerdict($0) == .higher } }
  var both: [Int] { inRange.filter { accuracyVerdict($0) != .lower && stopVerdict($0) == .lower } }
  /// Winning tickets of at most 15% of the weights: accuracy not measurably lower, early
  /// stopping not measurably later.
  var winners: [Int] {
    tickets[0].rounds.indices.filter {
      $0 > 0 && percent[$0] <= 15 && accuracyVerdict($0) != .lower && stopVerdict($0) != .higher
    }
  }
  /// "13.5%, 10.8%" or "none".
  func list(_ rounds: [Int]) -> String {
    rounds.isEmpty ? "none" : rounds.map { remaining(percent[$0]) + "%" }.joined(separator: ", ")
  }
  /// The lecture's claim over its whole range, as a sentence ending.
  var claimVerdict: String {
    both.count == inRange.count
      ? "the lecture's claim holds across its whole range"
      : both.isEmpty
        ? "the lecture's claim does not hold anywhere in its range"
        : "the lecture's claim holds only in part of its range"
  }
}
