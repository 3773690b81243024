import Foundation
import Testing
@testable import Every8D

@Suite("Every8DError.Code: the API 3.0 statuses (annex 2)")
struct V3StatusTests {
    @Test("every annex-2 status is a static member with a meaning; 2.1's list is unchanged")
    func annex2() {
        let annex2 = [200, 501, 502, 503, 504, 505, 506, 507, 508, 509, 511, 512, 521, 522, 523, 531, 541, 542, 543, 544, 545, 546, 547, 553, 554, 599]
        #expect(Every8DError.Code.knownV3.map(\.rawValue) == annex2)
        for code in Every8DError.Code.knownV3 {
            #expect(code.meaning != nil)
            #expect(code.description.hasPrefix("\(code.rawValue) ("))
        }
        #expect(Every8DError.Code.known.allSatisfy { $0.rawValue < 0 })
        #expect(Every8DError.Code(rawValue: 4242).meaning == nil)
    }

    @Test("what each status means for a caller")
    func classification() {
        let all = Every8DError.Code.knownV3
        #expect(all.filter(\.refusesToken) == [.invalidToken])
        #expect(all.filter(\.refusesCredentials) == [.accountVerificationFailed, .accountSuspendedOrLocked])
        #expect(all.filter(\.refusesPasswordAuthentication) == [.passwordAuthenticationNotAllowed])
        #expect(all.filter(\.isConfigurationError) == [.wrongCustcode, .custcodeNotPermitted])
        #expect(all.filter(\.mayHaveBeenCarriedOut) == [.databaseConnectionFailed1, .databaseConnectionFailed2, .apiConnectionFailed, .otherError])
        #expect(Every8DError.Code(rawValue: 560).mayHaveBeenCarriedOut)
        #expect(!Every8DError.Code.unknownError.mayHaveBeenCarriedOut && !Every8DError.Code.sessionExpired.mayHaveBeenCarriedOut)
    }

    @Test("what each status means for the call engine")
    func engineClasses() {
        func failure(_ status: Int) -> GatewayFailure {
            Every8DError(code: .init(rawValue: status), message: "m", operation: .v3SendSMS).v3Failure()
        }
        #expect(failure(502) == .rejectedSession)
        #expect(failure(505) == .refusedLogin(code: 505, message: "m", accountLocked: false))
        #expect(failure(509) == .refusedLogin(code: 509, message: "m", accountLocked: true))
        for status in [503, 504, 511, 599, 560] { #expect(failure(status) == .failed, "\(status)") }
        for status in [501, 506, 507, 508, 512, 521, 531, 541, 542, 543, 544, 545, 546, 547, 553, 554] { #expect(failure(status) == .refused, "\(status)") }
    }
}
