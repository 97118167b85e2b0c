import Foundation

/// Canonical JSON: keys sorted, no insignificant whitespace, slashes unescaped.
///
/// Equal values always encode to equal bytes, which is what makes a hash of the encoding usable
/// as the name of an experiment or a cache entry.
public enum CanonicalJSON {
  /// Encodes `value` canonically.
  public static func encode<T: Encodable>(_ value: T) throws -> Data {
    try encoder().encode(value)
  }

  /// Encodes `value` canonically and returns the text.
  public static func string<T: Encodable>(_ value: T) throws -> String {
    String(decoding: try encode(value), as: UTF8.self)
  }

  /// Returns the encoder that produces canonical JSON, for callers that need its settings.
  public static func encoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return encoder
  }

  /// Returns a decoder matching ``encoder()``, including its spelling of non-finite numbers.
  public static func decoder() -> JSONDecoder {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return decoder
  }
}
