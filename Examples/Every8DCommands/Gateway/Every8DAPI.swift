/// Which EVERY8D API the commands speak (`--api`, `EVERY8D_API`).
///
/// Both drive the same commands through `Every8DMessaging`; what an API lacks, its client refuses
/// with a `ValidationError` before anything is sent.
enum Every8DAPI: String, Sendable, CaseIterable {
    /// API 2.1 over HTTP (`/API21/HTTP/…`), with `Every8DClient`.
    case http
    /// API 2.1 over SOAP (`/API21/SOAP/SMS.asmx`, `MMS.asmx`), with `Every8DSOAPClient`, for legacy accounts.
    case soap
    /// API 3.0, JSON (`https://e8dapi.e8d.tw/<custcode>/…`), with `Every8DV3Client`.
    case v3

    /// How the help and the doctor name it.
    var title: String {
        switch self {
        case .http: return "EVERY8D API 2.1 over HTTP"
        case .soap: return "EVERY8D API 2.1 over SOAP"
        case .v3: return "EVERY8D API 3.0"
        }
    }
}
