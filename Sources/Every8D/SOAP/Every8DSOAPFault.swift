/// A SOAP fault: the SOAP server refused or failed the call instead of answering it.
///
/// ASMX answers faults with HTTP 500 and an envelope holding `soap:Fault`: SOAP 1.1 as
/// `faultcode` / `faultstring`, SOAP 1.2 as `Code/Value` / `Reason/Text`. Both become this error.
///
/// ``Kind`` says who is to blame, and so whether the call ran:
/// - ``Kind/sender`` (`soap:Client`, `soap:Sender`), ``Kind/versionMismatch`` and
///   ``Kind/mustUnderstand``: the server could not read or dispatch the request, so **the call
///   was not carried out** (``isRequestRefused``). A send that gets one throws this error; it is
///   never repeated, since sending the same envelope again would fail again.
/// - ``Kind/receiver`` (`soap:Server`, `soap:Receiver`) and anything else: the call failed while
///   running and may have done part of its work. A send that gets one throws
///   `SendOutcomeUnknownError` with this fault as its cause; a read is repeated per the read
///   retry policy.
///
/// The ``reason`` has the password and the session key blanked out; it is the server's own text
/// (often a .NET exception message), cut to ``reasonLimit`` characters.
public struct Every8DSOAPFault: Error, Sendable, Hashable, CustomStringConvertible {
    /// Who a fault blames. Known values are static members; other fault codes are kept as written.
    public struct Kind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The kind's name (`"sender"`, `"receiver"`, …) or, for an unknown code, its local part.
        public let rawValue: String

        /// Creates a kind from its name.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The request was wrong (`soap:Client` in SOAP 1.1, `soap:Sender` in 1.2): not carried out.
        public static let sender = Kind(rawValue: "sender")
        /// The server failed while processing (`soap:Server`, `soap:Receiver`): it may have acted.
        public static let receiver = Kind(rawValue: "receiver")
        /// The envelope's SOAP version is not the one the server expected: not carried out.
        public static let versionMismatch = Kind(rawValue: "versionMismatch")
        /// A header the server must understand was not understood: not carried out.
        public static let mustUnderstand = Kind(rawValue: "mustUnderstand")

        /// The kind of a fault code such as `soap:Client`, `Server`, `soap12:Sender` or
        /// `soap:Client.Authentication` (the part after the prefix, before any dot, decides).
        public init(faultCode: String) {
            var local = Substring(faultCode.trimmingASCIIWhitespace())
            if let colon = local.lastIndex(of: ":") { local = local[local.index(after: colon)...] }
            if let dot = local.firstIndex(of: ".") { local = local[..<dot] }
            switch local.lowercased() {
            case "client", "sender": self = .sender
            case "server", "receiver": self = .receiver
            case "versionmismatch": self = .versionMismatch
            case "mustunderstand": self = .mustUnderstand
            default: self = Kind(rawValue: String(local))
            }
        }

        /// The ``rawValue``.
        public var description: String { rawValue }
    }

    /// The longest ``reason`` kept, in characters.
    public static let reasonLimit = 1000

    /// The fault code as the server wrote it (`soap:Client`, `soap:Receiver`, …).
    public let code: String
    /// Who the fault blames.
    public let kind: Kind
    /// The server's explanation (`faultstring` or `Reason/Text`), secrets blanked out.
    public let reason: String
    /// The call that failed.
    public let operation: Every8DOperation

    /// Creates a fault.
    ///
    /// - Parameters:
    ///   - code: The fault code as written.
    ///   - reason: The explanation (cut to ``reasonLimit`` characters).
    ///   - operation: The call that failed.
    public init(code: String, reason: String, operation: Every8DOperation) {
        self.code = code
        self.kind = Kind(faultCode: code)
        self.reason = reason.count > Self.reasonLimit ? String(reason.prefix(Self.reasonLimit)) + "…" : reason
        self.operation = operation
    }

    /// Whether the server refused the request before running it (sender, version and
    /// must-understand faults): the call was not carried out.
    public var isRequestRefused: Bool {
        kind == .sender || kind == .versionMismatch || kind == .mustUnderstand
    }

    /// `EVERY8D SOAP.sendSMS fault soap:Client: <first line of the reason>`.
    public var description: String {
        let firstLine = reason.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let shown = Redaction.preview(firstLine, limit: 300)
        return shown.isEmpty ? "EVERY8D \(operation) fault \(code)" : "EVERY8D \(operation) fault \(code): \(shown)"
    }
}
