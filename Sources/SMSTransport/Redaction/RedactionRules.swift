/// What one gateway adds to ``Redaction``'s shared rules: the names it uses for secrets (OMICard's
/// `XmlRequest`, which carries the whole login) and the answers whose shape alone marks a secret
/// (EVERY8D's token answer).
///
/// ``Redaction`` knows how to redact and the names every service uses (`password`, `token`,
/// `Authorization`, …); a gateway client declares the rest and hands it over: every request it
/// builds carries its rules (``TransportRequest/redactionRules``), a transport hands them to the
/// response it returns, and descriptions and log records of both apply them.
public struct RedactionRules: Sendable, Hashable {
    /// No rules beyond the shared ones.
    public static let none = RedactionRules()

    /// A JSON answer in which one member's string is a secret, recognised by another member's
    /// value: EVERY8D answers a token request with `{"Result":true,"Msg":"<token>"}`.
    public struct SecretAnswer: Sendable, Hashable {
        /// The member whose string value is the secret (`Msg`), compared ignoring ASCII case.
        public var member: String
        /// The member that marks the answer (`Result`), compared ignoring ASCII case.
        public var whenMember: String
        /// The JSON value, as written, that member has in such an answer (`true`).
        public var hasValue: String
        /// Characters any of which in the value means it is not the secret (`,`: EVERY8D's send
        /// result `CREDIT,SENDED,…` comes in the same envelope).
        public var unlessContaining: String

        /// Creates a rule.
        ///
        /// - Parameters:
        ///   - member: The member holding the secret.
        ///   - whenMember: The member that marks the answer.
        ///   - hasValue: Its value, as written, in such an answer.
        ///   - unlessContaining: Characters that mean the value is not the secret.
        public init(member: String, whenMember: String, hasValue: String, unlessContaining: String = "") {
            self.member = member
            self.whenMember = whenMember
            self.hasValue = hasValue
            self.unlessContaining = unlessContaining
        }
    }

    /// Names sensitive as a whole, beyond ``Redaction/sensitiveNames``, compared as
    /// ``Redaction/isSensitive(_:rules:)`` compares names (case, `-`, `_`, `.`, spaces,
    /// brackets and a namespace prefix ignored).
    public var sensitiveNames: [String] { storage?.sensitiveNames ?? [] }
    /// Answers whose shape marks a secret.
    public var secretAnswers: [SecretAnswer] { storage?.secretAnswers ?? [] }
    /// ``sensitiveNames`` as the checks compare them.
    var normalisedNames: [[UInt8]] { storage?.normalisedNames ?? [] }

    /// The rules in one reference, `nil` for none: every request carries a copy of its gateway's
    /// rules, and copying one reference (or none) costs less than copying three arrays.
    private let storage: Storage?

    private final class Storage: Sendable {
        let sensitiveNames: [String]
        let secretAnswers: [SecretAnswer]
        let normalisedNames: [[UInt8]]

        init(sensitiveNames: [String], secretAnswers: [SecretAnswer]) {
            self.sensitiveNames = sensitiveNames
            self.secretAnswers = secretAnswers
            normalisedNames = sensitiveNames.map { Redaction.normalised(Array($0.utf8)) }
        }
    }

    /// Creates rules.
    ///
    /// - Parameters:
    ///   - sensitiveNames: The gateway's own names for secrets (`XmlRequest`).
    ///   - secretAnswers: The gateway's answers that hold a secret by shape.
    public init(sensitiveNames: [String] = [], secretAnswers: [SecretAnswer] = []) {
        storage = sensitiveNames.isEmpty && secretAnswers.isEmpty
            ? nil : Storage(sensitiveNames: sensitiveNames, secretAnswers: secretAnswers)
    }

    /// Whether two sets of rules hold the same names and answers.
    public static func == (a: RedactionRules, b: RedactionRules) -> Bool {
        a.storage === b.storage || (a.sensitiveNames == b.sensitiveNames && a.secretAnswers == b.secretAnswers)
    }

    /// Hashes the names and answers.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(sensitiveNames)
        hasher.combine(secretAnswers)
    }
}
