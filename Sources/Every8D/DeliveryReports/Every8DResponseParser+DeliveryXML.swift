import Foundation
@_spi(SMSInternals) import SMSTransport

@_spi(SMSInternals) extension Every8DResponseParser {
    /// Parses an XML delivery-status page, laid out as the SOAP API documents:
    ///
    /// ```xml
    /// <SMS_LOG><CODE>0</CODE><DESCRIPTION>…</DESCRIPTION>
    ///   <GET_DELIVERY_STATUS COUNT="1230">
    ///     <SMS><NAME/><MOBILE/><SENT_TIME/><COST/><STATUS/>
    ///       <REPLY_SMS><REPLY_TIME/><MESSAGE><![CDATA[…]]></MESSAGE></REPLY_SMS>…
    ///     </SMS>…
    /// ```
    ///
    /// Values are trimmed (the SOAP server pads them with spaces), a reply's CDATA is kept as
    /// written (line ends read as LF), `REPLY_SMS` may repeat or be absent, `MR`, `REAL_COST`,
    /// `RECEIVED_TIME` and `SEND_TIME` are read when present, and element names are matched
    /// ignoring case. A `CODE` other than 0 is the gateway's error.
    ///
    /// The page is read as strictly as every XML answer (``XMLTree``'s rules: no DTD, bounded
    /// size and depth, well-formed), with one leniency: whitespace between `<` and a start tag's
    /// name (`< NAME>`) is skipped, as the vendor's own SOAP sample writes it.
    ///
    /// - Throws: ``Every8DError`` for a gateway error (`CODE`, text or JSON); `ResponseParseError`
    ///   for malformed XML or a row without a readable `STATUS`.
    public static func deliveryPage(xml body: Data, operation: Every8DOperation = .deliveryStatus) throws -> DeliveryPage {
        try body.withUnsafeBytes { bytes in
            try precheck(bytes, expectsJSON: false, expected: xmlExpected, operation: operation)
        }
        return try XMLTokenizer.withUTF8Document(body, maxBytes: XMLTree.Options().maxBytes, expected: xmlExpected) { bytes in
            var parser = DeliveryXMLParser(bytes: bytes)
            return try parser.parse(operation: operation)
        }
    }

    static let xmlExpected = "XML delivery page <SMS_LOG><GET_DELIVERY_STATUS COUNT=…><SMS>…"
}

/// The state of reading one XML delivery page; lives inside one parse call.
private struct DeliveryXMLParser {
    enum Field {
        case name, mobile, sentTime, cost, status, messageReference, realCost, receivedTime
        case replyTime, message, code, description
    }

    var reader: XMLTokenizer
    var reports: [DeliveryReport] = []
    var code: Int?
    var description = ""
    var count: Int?

    var row: DeliveryReport?
    var sawStatus = false
    var reply: DeliveryReport.AttachedReply?
    var field: Field?
    var fieldDepth = 0
    var buffer: [UInt8] = []
    var cdata: [UInt8] = []
    var sawCDATA = false

    init(bytes: UnsafeRawBufferPointer) {
        reader = XMLTokenizer(bytes, expected: Every8DResponseParser.xmlExpected, allowsSpaceBeforeName: true)
        buffer.reserveCapacity(64)
    }

    mutating func parse(operation: Every8DOperation) throws -> DeliveryPage {
        while let event = try reader.next() {
            switch event {
            case .start(let name, let isEmpty):
                try start(name, isEmpty: isEmpty)
            case .end(let name):
                try end(name)
            case .text(let text):
                if field != nil { text.append(to: &buffer) }
            case .cdata(let text):
                if field != nil {
                    text.append(to: &buffer)
                    text.append(to: &cdata)
                    sawCDATA = true
                }
            }
        }
        if let code, code != 0 {
            throw Every8DError(code: .init(rawValue: code), message: description, operation: operation)
        }
        return DeliveryPage(totalCount: count ?? reports.count, reports: reports)
    }

    private mutating func start(_ name: XMLTokenizer.Name, isEmpty: Bool) throws {
        guard field == nil else { return }  // markup inside a value: its text still counts
        var leaf: Field?
        if row != nil {
            if reply != nil {
                if name.hasLocalName("REPLY_TIME") { leaf = .replyTime } else if name.hasLocalName("MESSAGE") { leaf = .message }
            } else if name.hasLocalName("REPLY_SMS") {
                if !isEmpty { reply = .init(receivedAt: nil, text: "") }
                return
            } else if name.hasLocalName("STATUS") {
                leaf = .status
            } else if name.hasLocalName("MOBILE") {
                leaf = .mobile
            } else if name.hasLocalName("SENT_TIME") || name.hasLocalName("SEND_TIME") {
                leaf = .sentTime
            } else if name.hasLocalName("COST") {
                leaf = .cost
            } else if name.hasLocalName("NAME") {
                leaf = .name
            } else if name.hasLocalName("MR") {
                leaf = .messageReference
            } else if name.hasLocalName("REAL_COST") {
                leaf = .realCost
            } else if name.hasLocalName("RECEIVED_TIME") {
                leaf = .receivedTime
            }
        } else if name.hasLocalName("SMS") {
            guard !isEmpty else { throw reader.failure("SMS \(reports.count + 1) is empty") }
            row = DeliveryReport(name: "", mobile: "", sentAt: nil, cost: nil, status: .sentToCarrier)
            sawStatus = false
            return
        } else if name.hasLocalName("GET_DELIVERY_STATUS") {
            if let text = reader.attribute("COUNT") {
                guard let value = ByteText.integer(text) else { throw reader.failure("COUNT is not an integer") }
                count = value
            }
            return
        } else if name.hasLocalName("CODE") {
            leaf = .code
        } else if name.hasLocalName("DESCRIPTION") {
            leaf = .description
        }
        guard let leaf else { return }
        field = leaf
        fieldDepth = reader.depth
        buffer.removeAll(keepingCapacity: true)
        cdata.removeAll(keepingCapacity: true)
        sawCDATA = false
    }

    private mutating func end(_ name: XMLTokenizer.Name) throws {
        if field != nil {
            if reader.depth == fieldDepth - 1 { try finishField() }
            return
        }
        if reply != nil, name.hasLocalName("REPLY_SMS") {
            if let reply { row?.replies.append(reply) }
            reply = nil
        } else if let finished = row, name.hasLocalName("SMS") {
            guard sawStatus else { throw reader.failure("SMS \(reports.count + 1) has no STATUS") }
            reports.append(finished)
            row = nil
        }
    }

    private mutating func finishField() throws {
        guard let current = field else { return }
        field = nil
        let rowNumber = reports.count + 1
        try buffer.withUnsafeBytes { raw in
            let trimmed = ByteText.trimmed(0..<raw.count, in: raw)
            let value = UnsafeRawBufferPointer(rebasing: raw[trimmed])
            func text() -> String { String(decoding: value, as: UTF8.self) }
            func date(_ label: String) throws -> Date? {
                guard !value.isEmpty else { return nil }
                guard let date = TaiwanTime.parse(bytes: value) else { throw reader.failure("SMS \(rowNumber): \(label) does not read") }
                return date
            }
            func decimal(_ label: String) throws -> Decimal? {
                guard !value.isEmpty else { return nil }
                guard let number = ExactDecimal.parse(bytes: value) else { throw reader.failure("SMS \(rowNumber): \(label) does not read") }
                return number
            }
            switch current {
            case .name: row?.name = text()
            case .mobile: row?.mobile = text()
            case .sentTime: row?.sentAt = try date("SENT_TIME")
            case .cost: row?.cost = try decimal("COST")
            case .realCost: row?.realCost = try decimal("REAL_COST")
            case .receivedTime: row?.receivedAt = try date("RECEIVED_TIME")
            case .status:
                guard let status = ByteText.integer(value) else { throw reader.failure("SMS \(rowNumber): STATUS does not read") }
                row?.status = DeliveryStatus(rawValue: status)
                sawStatus = true
            case .messageReference:
                let reference = text()
                row?.messageReference = reference.isEmpty ? nil : reference
            case .replyTime: reply?.receivedAt = try date("REPLY_TIME")
            case .message: reply?.text = sawCDATA ? String(decoding: cdata, as: UTF8.self) : text()
            case .code:
                guard let number = ByteText.integer(value) else { throw reader.failure("CODE is not an integer") }
                code = number
            case .description: description = text()
            }
        }
    }
}
