import Foundation

@testable import Plots

/// Deterministic example figures shared by the snapshot, determinism and description tests.
enum Fixtures {
  /// A small linear congruential generator, so fixtures need no global randomness.
  struct Generator {
    var state: UInt64

    mutating func uniform() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) / Double(1 << 53)
    }

    mutating func normal() -> Double {
      let u = max(uniform(), 1e-12)
      let v = uniform()
      return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
  }

  /// Accuracy against percent of weights remaining, on a reversed log axis, as in the LTH paper.
  static var lotteryTicket: PlotSpec {
    let remaining = [100, 51.3, 26.3, 13.5, 7.0, 3.6, 1.9, 1.0, 0.5, 0.3]
    func replicates(_ mean: [Double], _ spread: [Double]) -> (lower: [Double], upper: [Double]) {
      (zip(mean, spread).map { $0 - $1 }, zip(mean, spread).map { $0 + $1 })
    }
    let winning = [0.978, 0.981, 0.983, 0.984, 0.983, 0.980, 0.976, 0.968, 0.955, 0.93]
    let random = [0.978, 0.977, 0.975, 0.972, 0.966, 0.957, 0.944, 0.925, 0.89, 0.84]
    let w = replicates(
      winning, [0.001, 0.001, 0.0015, 0.002, 0.002, 0.002, 0.003, 0.004, 0.006, 0.01])
    let r = replicates(
      random, [0.001, 0.002, 0.002, 0.003, 0.003, 0.004, 0.005, 0.007, 0.01, 0.015])
    return .line(
      title: "Test accuracy as weights are pruned (LeNet-300-100)",
      x: .log("Percent of weights remaining", reversed: true, format: .percentPoints),
      y: .linear("Test accuracy", format: .percent),
      series: [
        Series(
          "Winning ticket (rewound)", x: remaining, y: winning, lower: w.lower, upper: w.upper,
          markers: true),
        Series(
          "Random reinitialisation", x: remaining, y: random, lower: r.lower, upper: r.upper,
          markers: true),
      ],
      annotations: [.horizontalLine(y: 0.978, label: "dense accuracy")])
  }

  /// Two point clouds.
  static var scatter: PlotSpec {
    var g = Generator(state: 7)
    let a = (0..<120).map { _ in g.normal() * 0.05 }
    let b = a.map { $0 * 1.6 + g.normal() * 0.02 }
    let c = (0..<60).map { _ in g.normal() * 0.03 }
    let d = c.map { -$0 + g.normal() * 0.01 }
    return .scatter(
      title: "Initial versus final weights", x: "Initial weight", y: "Final weight",
      series: [Series("kept", x: a, y: b), Series("pruned", x: c, y: d)],
      annotations: [.point(x: 0, y: 0, label: "origin")])
  }

  /// Weights before and after magnitude pruning: a bell, then two humps.
  static var histograms: PlotSpec {
    var g = Generator(state: 11)
    let before = (0..<20_000).map { _ in g.normal() * 0.05 }
    let after = before.filter { abs($0) > 0.06 }
    return .histogram(
      title: "First-layer weights before and after pruning", x: "Weight",
      [Histogram("before pruning", values: before), Histogram("after pruning", values: after)],
      annotations: [.verticalLine(x: 0.06, label: "threshold")])
  }

  /// A 28 × 28 first-layer mask: kept weights concentrate in the middle of the image.
  static var mask: PlotSpec {
    var g = Generator(state: 3)
    var values: [Double] = []
    for r in 0..<28 {
      for c in 0..<28 {
        let d = (pow(Double(r) - 13.5, 2) + pow(Double(c) - 13.5, 2)).squareRoot() / 19
        values.append(max(0, min(1, 1 - d + 0.25 * (g.uniform() - 0.5))))
      }
    }
    return .heatmap(
      title: "Fraction of weights kept per input pixel", x: "Pixel column", y: "Pixel row",
      values: values, rows: 28, cols: 28, low: 0, high: 1, label: "fraction kept")
  }

  /// Accuracy by network and pruning method.
  static var groupedBar: PlotSpec {
    .groupedBar(
      title: "Accuracy at 3.6% of weights remaining", y: .linear("Test accuracy", min: 0.5),
      categories: ["LeNet", "Conv-2", "Conv-4", "Conv-6"],
      groups: [
        BarGroup("winning ticket", values: [0.981, 0.70, 0.76, 0.79]),
        BarGroup("random reinit", values: [0.955, 0.62, 0.66, 0.70]),
        BarGroup("random pruning", values: [0.94, 0.60, 0.64, 0.68]),
      ],
      annotations: [.horizontalLine(y: 0.98, label: "dense LeNet")])
  }

  /// Accuracy over five seeds for three methods at two sparsities, against the dense network:
  /// means a few tenths of a point apart, on a zoomed axis.
  static var whiskers: PlotSpec {
    .whiskers(
      title: "Accuracy over 5 seeds (LeNet-300-100)", y: .linear("Test accuracy", format: .percent),
      categories: ["20% of weights", "7% of weights"],
      groups: [
        Whiskers(
          "winning ticket",
          samples: [
            [0.9812, 0.9825, 0.9806, 0.9831, 0.9819], [0.9803, 0.9790, 0.9816, 0.9799, 0.9811],
          ]),
        Whiskers(
          "random reinit",
          samples: [
            [0.9768, 0.9781, 0.9759, 0.9774, 0.9770], [0.9702, 0.9688, 0.9721, 0.9695, 0.9710],
          ]),
        Whiskers(
          "random pruning",
          samples: [
            [0.9752, 0.9740, 0.9763, 0.9749, 0.9757], [0.9655, 0.9671, 0.9640, 0.9662, 0.9650],
          ]),
      ],
      annotations: [.horizontalLine(y: 0.9835, label: "dense network")])
  }

  /// One named training curve: its name is in the title, so no legend.
  static var singleSeries: PlotSpec {
    let loss = (0..<30).map { 2.3 * exp(-Double($0) / 8) + 0.1 }
    return .line(
      title: "Training loss of the dense network", x: "Epoch", y: "Loss",
      series: [Series("dense network", y: loss)])
  }

  /// Text full of markup characters, everywhere text can go.
  static var escaping: PlotSpec {
    .line(
      title: "<script>alert(\"x\")</script> & 'friends'", x: "a < b", y: "c > d & e",
      series: [Series("<b>bold</b>", x: [0, 1, 2], y: [1, 3, 2])],
      annotations: [.horizontalLine(y: 2, label: "</text><script>")])
  }
}
