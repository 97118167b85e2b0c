import Plots

/// One event a lesson program reports to the notebook runner, written as one JSON line.
///
/// The `Lab` runtime inside the lesson program writes these records to the file named by the
/// environment variable `TICKETBOOK_RECORDS`; the `Notebook` runner reads them back. Cell indices
/// count the lesson's Swift cells from 0 in document order, including cells that are not run.
public enum LabRecord: Codable, Equatable, Sendable {
  /// A cell began to run.
  case cellStarted(cell: Int)
  /// Text a cell wrote to its standard output or standard error.
  case stream(cell: Int, stream: StreamName, text: String)
  /// A value passed to `show`, already formatted.
  case shown(cell: Int, label: String?, text: String)
  /// A table passed to `table`.
  case table(cell: Int, table: TableRecord)
  /// A plot passed to `plot`.
  case plot(cell: Int, plot: PlotRecord)
  /// The outcome of a `check`.
  case check(cell: Int, check: CheckRecord)
  /// The value of the `index`-th inline expression of the lesson's prose.
  case inline(index: Int, text: String)
  /// How far a long loop has got.
  case progress(cell: Int, label: String, done: Int, total: Int)
  /// A `memo` call: whether the stored result was reused.
  case memo(cell: Int, name: String, key: String, hit: Bool, seconds: Double)
  /// A cell ran to its end.
  case cellFinished(cell: Int, seconds: Double)
  /// A cell failed: a thrown error caught by the runtime, a trap, a time-out.
  case error(cell: Int, message: String)
  /// Something the user should know that did not stop the cell, such as a corrupt stored
  /// result that was recomputed; `ticketbook` prints it as `file:line: warning: message`.
  case warning(cell: Int, message: String)
  /// The random seeds an experiment ran with (by field path in its configuration, such as
  /// `seed` or `training.dataSeed`), for the page's footer.
  case seeds(cell: Int, source: String, seeds: [String: UInt64])

  /// The cell the record belongs to, or `nil` for inline values, which belong to the prose.
  public var cell: Int? {
    switch self {
    case .cellStarted(let cell), .stream(let cell, _, _), .shown(let cell, _, _),
      .table(let cell, _), .plot(let cell, _), .check(let cell, _), .progress(let cell, _, _, _),
      .memo(let cell, _, _, _, _), .cellFinished(let cell, _), .error(let cell, _),
      .warning(let cell, _), .seeds(let cell, _, _):
      return cell
    case .inline:
      return nil
    }
  }
}

/// The two output streams of a process.
public enum StreamName: String, Codable, Equatable, Sendable {
  /// Standard output, file descriptor 1.
  case stdout
  /// Standard error, file descriptor 2.
  case stderr
}

/// A table of strings with column titles, as shown on the page.
public struct TableRecord: Codable, Equatable, Sendable {
  /// The column titles.
  public var columns: [String]
  /// The rows; each has one string per column.
  public var rows: [[String]]
  /// The caption under the table, if any.
  public var caption: String?
  /// For each column, whether every cell is a number (numbers are right-aligned).
  public var numeric: [Bool]

  /// Creates a table; `numeric` is computed from the cells when not given.
  public init(columns: [String], rows: [[String]], caption: String? = nil, numeric: [Bool]? = nil) {
    self.columns = columns
    self.rows = rows
    self.caption = caption
    self.numeric =
      numeric
      ?? columns.indices.map { column in
        !rows.isEmpty
          && rows.allSatisfy { row in
            column < row.count && Double(row[column].replacingOccurrences(of: "%", with: "")) != nil
          }
      }
  }
}

/// A figure: the plot's spec with the caption and alternative text the author gave.
public struct PlotRecord: Codable, Equatable, Sendable {
  /// What to draw.
  public var spec: PlotSpec
  /// The caption under the figure, if any.
  public var caption: String?
  /// The author's description for readers who cannot see the figure, if any.
  public var alt: String?

  /// Creates a figure record.
  public init(spec: PlotSpec, caption: String? = nil, alt: String? = nil) {
    self.spec = spec
    self.caption = caption
    self.alt = alt
  }
}

/// The outcome of one claim checked by `check`.
public struct CheckRecord: Codable, Equatable, Sendable {
  /// The claim in words, as written in the lesson.
  public var claim: String
  /// Whether the claim held.
  public var passed: Bool
  /// The measured numbers that decided it, in words.
  public var measured: String
  /// The lesson file the check is written in.
  public var file: String
  /// The 1-based line of the check call in the lesson file.
  public var line: Int
  /// Whether the claim is enforced in the profile the lesson ran with; a claim made only for
  /// the full profile is still measured in the quick one, but a failure there fails nothing.
  public var enforced: Bool

  /// Whether the claim failed where it is enforced: what makes `ticketbook check` fail.
  public var failed: Bool { enforced && !passed }

  /// Creates a check record.
  public init(
    claim: String, passed: Bool, measured: String, file: String, line: Int, enforced: Bool = true
  ) {
    self.claim = claim
    self.passed = passed
    self.measured = measured
    self.file = file
    self.line = line
    self.enforced = enforced
  }

  private enum CodingKeys: String, CodingKey { case claim, passed, measured, file, line, enforced }

  /// Decodes a record; records written before `enforced` existed are enforced.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    claim = try c.decode(String.self, forKey: .claim)
    passed = try c.decode(Bool.self, forKey: .passed)
    measured = try c.decode(String.self, forKey: .measured)
    file = try c.decode(String.self, forKey: .file)
    line = try c.decode(Int.self, forKey: .line)
    enforced = try c.decodeIfPresent(Bool.self, forKey: .enforced) ?? true
  }
}
