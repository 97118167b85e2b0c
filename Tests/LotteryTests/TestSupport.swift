import NeuralNet

/// max|a − b| / max|b| (`Tensor.relativeDifference(from:)`), as the sparse tests compare.
func relativeDifference(_ a: Tensor, _ b: Tensor) -> Double { a.relativeDifference(from: b) }
