@_exported import Foundation
// Lesson programs import nothing: linking Lab brings the engine, the experiments and the plots.
import LabRecords
@_exported import Lottery
@_exported import NeuralNet
@_exported import Plots

/// How much work a lesson does; read the current one through the global ``profile``.
public typealias Profile = LabRecords.Profile

/// The profile the lesson runs in, from `TICKETBOOK_PROFILE` (`quick` when unset).
///
///     let epochs = profile.pick(quick: 1, full: 20)
public let profile: Profile = LabRuntime.shared.configuration.profile

/// The runtime that generated lesson programs call at cell boundaries (not for lesson code).
public var _lab: LabRuntime { LabRuntime.shared }
