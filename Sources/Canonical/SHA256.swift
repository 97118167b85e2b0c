@_implementationOnly import CCrypto

/// SHA-256 (FIPS 180-4) from Debian's libcrypto (OpenSSL's EVP interface), for cache keys, memo
/// keys, experiment names and checksums.
///
/// Feed bytes with ``update(_:)`` as often as needed, then call ``finalize()`` once:
///
///     var h = SHA256()
///     h.update(Array("abc".utf8))
///     let hex = SHA256.hex(h.finalize())
///
/// For one-shot use, ``SHA256/hash(_:)`` and ``SHA256/hexDigest(_:)`` take bytes or a string.
/// A copy of a hasher continues independently of the original (the state is copied on write).
public struct SHA256: Sendable {
  /// The running state: one OpenSSL digest context.
  private var context: Context

  /// Creates a hasher with nothing fed yet.
  public init() {
    context = Context()
  }

  /// Feeds bytes into the hash.
  public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
    let array = Array(bytes)
    array.withUnsafeBytes { update($0) }
  }

  /// Feeds the contents of a raw buffer.
  public mutating func update(_ buffer: UnsafeRawBufferPointer) {
    guard buffer.count > 0 else { return }
    if !isKnownUniquelyReferenced(&context) { context = context.copy() }
    let ok = EVP_DigestUpdate(context.pointer, buffer.baseAddress, buffer.count)
    precondition(ok == 1, "EVP_DigestUpdate failed")
  }

  /// Returns the 32-byte digest of everything fed so far.
  public mutating func finalize() -> [UInt8] {
    if !isKnownUniquelyReferenced(&context) { context = context.copy() }
    var digest = [UInt8](repeating: 0, count: 32)
    var length: UInt32 = 0
    let ok = digest.withUnsafeMutableBufferPointer {
      EVP_DigestFinal_ex(context.pointer, $0.baseAddress, &length)
    }
    precondition(ok == 1 && length == 32, "EVP_DigestFinal_ex failed")
    return digest
  }

  /// Returns the digest of `bytes`.
  public static func hash<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
    var hasher = SHA256()
    hasher.update(bytes)
    return hasher.finalize()
  }

  /// Returns the lowercase hexadecimal digest of the UTF-8 bytes of `text`.
  public static func hexDigest(_ text: String) -> String {
    hex(hash(Array(text.utf8)))
  }

  /// Returns the lowercase hexadecimal digest of `bytes`.
  public static func hexDigest(_ bytes: [UInt8]) -> String {
    hex(hash(bytes))
  }

  /// Writes bytes as lowercase hexadecimal, two digits per byte.
  public static func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 2)
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// An `EVP_MD_CTX` set up for SHA-256, freed with its owner. Mutated only through a uniquely
  /// referenced `SHA256`, so sharing it between copies is safe.
  private final class Context: @unchecked Sendable {
    let pointer: OpaquePointer

    init() {
      guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1
      else { fatalError("libcrypto could not set up SHA-256") }
      pointer = context
    }

    private init(copying other: OpaquePointer) {
      guard let context = EVP_MD_CTX_new(), EVP_MD_CTX_copy_ex(context, other) == 1 else {
        fatalError("libcrypto could not copy a SHA-256 state")
      }
      pointer = context
    }

    /// An independent context in the same state.
    func copy() -> Context { Context(copying: pointer) }

    deinit { EVP_MD_CTX_free(pointer) }
  }
}
