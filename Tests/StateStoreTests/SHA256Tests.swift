import Foundation
import Testing
@testable import SMSTransport

@Suite("SHA256")
struct SHA256Tests {
    @Test("the FIPS 180-4 / NIST example digests", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func nistVectors(message: String, digest: String) {
        #expect(SHA256.hex(SHA256.hash(Array(message.utf8))) == digest)
    }

    @Test("a million times 'a' (many whole blocks at once)")
    func millionA() {
        #expect(SHA256.hex(SHA256.hash(Data(repeating: UInt8(ascii: "a"), count: 1_000_000)))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("fed in pieces of any size, the digest is the one of the whole")
    func incremental() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 4097] {
            let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let whole = SHA256.hash(message)
            var digest = SHA256()
            var offset = 0
            while offset < length {
                let piece = min(length - offset, Int.random(in: 1...70, using: &generator))
                digest.update(message[offset..<offset + piece])
                offset += piece
            }
            #expect(digest.finish() == whole, "length \(length)")
        }
    }
}
