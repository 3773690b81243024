@_spi(Every8DV3) import Every8D
import Foundation
import FuzzSupport

// API 3.0 and Safesay answers: every Every8DV3ResponseParser function and the webhook reader
// SafesayEvent(json:). Properties: no crash, no hang; a token holds no whitespace; a receipt has a
// batch id; filtered numbers and batches are never empty; a refusal is never status 200; a
// Safesay receipt has a message id; a webhook event has a message id and coordinates in range;
// and whatever any of them reads as JSON is valid JSON to Foundation's reader too (for UTF-8
// input without backslashes, as in the DeliveryJSON target).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzV3Answers(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= 0 else { return 0 }
    let body = Data(bytes: data, count: size)
    var read = false
    func attempt<T>(_ parse: () throws -> T) -> T? {
        do {
            let value = try parse()
            read = true
            return value
        } catch let error as Every8DError {
            if error.code == .success { fatalError("status 200 read as a refusal") }
            return nil
        } catch {
            return nil
        }
    }

    if let token = attempt({ try Every8DV3ResponseParser.token(body) }),
       token.isEmpty || token.contains(where: { $0.isWhitespace }) {
        fatalError("a token with whitespace")
    }
    _ = attempt { try Every8DV3ResponseParser.tokenIsLive(body) }
    if let receipt = attempt({ try Every8DV3ResponseParser.sendReceipt(body) }), receipt.batchID.isEmpty {
        fatalError("a receipt without a batch id")
    }
    if let receipt = attempt({ try Every8DV3ResponseParser.duplicateFilterReceipt(body) }) {
        if receipt.batchID?.isEmpty == true { fatalError("an empty batch id instead of nil") }
        for filtered in receipt.filtered where filtered.mobile.isEmpty || filtered.earlierBatchID.isEmpty {
            fatalError("an empty filtered number or batch")
        }
    }
    _ = attempt { try Every8DV3ResponseParser.credit(body) }
    _ = attempt { try Every8DV3ResponseParser.deliveryPage(body) }
    _ = attempt { try Every8DV3ResponseParser.replyPage(body) }
    _ = attempt { try Every8DV3ResponseParser.cancelResult(body) }
    if let receipt = attempt({ try Every8DV3ResponseParser.safesayReceipt(body) }), receipt.messageID.isEmpty {
        fatalError("a Safesay receipt without a message id")
    }
    _ = attempt { try Every8DV3ResponseParser.safesayToken(body) }
    if let event = attempt({ try SafesayEvent(json: body) }) {
        if event.messageID.isEmpty { fatalError("a webhook event without a message id") }
        if let place = event.coordinates, !(-180...180).contains(place.longitude) || !(-90...90).contains(place.latitude) {
            fatalError("coordinates out of range")
        }
    }
    // The download reads anything that is not a JSON refusal as the file; not a JSON check.
    for headers: HTTPHeaders in [[:], ["Content-Type": "application/json"], ["Content-Type": "application/x-download"]] {
        if let file = try? Every8DV3ResponseParser.safesayFile(body, headers: headers), file.data != body {
            fatalError("a downloaded file that is not the body")
        }
    }

    if read, String(data: body, encoding: .utf8) != nil, !body.contains(UInt8(ascii: "\\")) {
        var json = body
        if json.starts(with: [0xEF, 0xBB, 0xBF]) { json = json.dropFirst(3) }
        if (try? JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed])) == nil {
            fatalError("an answer that Foundation's JSON reader refuses")
        }
    }
    return 0
}

/// The program's entry point (see `runLibFuzzer`).
@_cdecl("FuzzV3Answers_main")
public func fuzzV3AnswersMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzV3Answers)
}
