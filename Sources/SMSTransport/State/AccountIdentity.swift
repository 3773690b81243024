import Foundation

/// What names an account in a state store without revealing it: the gateway API, the site, the
/// user id and the password, folded with the store's salt into a fingerprint.
package struct AccountIdentity: Sendable, CustomStringConvertible, CustomReflectable {
    /// The vendor, for the login latch (shared by a vendor's APIs on one site), e.g. `"EVERY8D"`.
    package let vendor: String
    /// The API, for the session slot, e.g. `"every8d-http"`.
    package let api: String
    package let site: String
    package let userID: String
    let password: String

    package init(vendor: String, api: String, site: String, userID: String, password: String) {
        self.vendor = vendor
        self.api = api
        self.site = site
        self.userID = userID
        self.password = password
    }

    /// The vendor, API, site and user id, never the password.
    package var description: String { "AccountIdentity(\(api), \(site), userID: \(userID))" }
    /// A mirror without the password, so that `dump` cannot reveal it.
    package var customMirror: Mirror {
        Mirror(self, children: ["vendor": vendor, "api": api, "site": site, "userID": userID], displayStyle: .struct)
    }

    /// The account's fingerprint under `salt`: SHA-256 of the salt and the length-prefixed
    /// vendor, site, user id and password, in hex. The store holds no password, and the salt
    /// (random per store) keeps fingerprints from matching across stores.
    package func fingerprint(salt: [UInt8]) -> String {
        var input = salt
        for field in [vendor, site, userID, password] {
            let bytes = Array(field.utf8)
            input += withUnsafeBytes(of: UInt32(bytes.count).bigEndian, Array.init) + bytes
        }
        return SHA256.hex(SHA256.hash(input))
    }

    /// The keys of this account's session slot and login latch under `salt`.
    package func keys(salt: [UInt8]) -> (session: StateKey, latch: StateKey) {
        let print = fingerprint(salt: salt)
        return (StateKey(rawValue: "\(api).session.\(print)"), StateKey(rawValue: "\(vendor.lowercased()).latch.\(print)"))
    }
}
