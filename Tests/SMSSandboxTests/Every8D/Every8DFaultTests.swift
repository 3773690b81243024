import Foundation
import Testing
import SMSSandbox

@Suite("EVERY8D sandbox: injected faults")
struct Every8DFaultTests {
    private func sendRequest() -> TransportRequest {
        E8D.form("SendSMS.ashx", E8D.auth + [FormField("MSG", "hi"), FormField("DEST", "0912345670")])
    }

    private func expectUntouched(_ sandbox: Every8DSandbox) async {
        #expect(await sandbox.state.acceptedSendCount == 0)
        #expect(await sandbox.state.batches().isEmpty)
        #expect(await sandbox.state.credit(of: "sandbox") == 1000)
    }

    private func expectSent(_ sandbox: Every8DSandbox) async {
        #expect(await sandbox.state.acceptedSendCount == 1)
        #expect(await sandbox.state.credit(of: "sandbox") == 999)
    }

    @Test("HTTP errors before processing change nothing", arguments: [500, 502, 503, 403, 429])
    func httpStatusBefore(status: Int) async throws {
        let sandbox = E8D.sandbox()
        await sandbox.network.enqueueFault(.httpStatus(status))
        let response = try await sandbox.send(sendRequest())
        #expect(response.status == status)
        #expect(response.headers.mediaType == "text/html")
        #expect(E8D.text(response).contains(String(status)))
        #expect(response.headers["Retry-After"] == (status == 429 || status == 503 ? "1" : nil))
        await expectUntouched(sandbox)
        // The fault was used up: the next request goes through.
        #expect(E8D.fields(E8D.text(try await sandbox.send(sendRequest()))).count == 5)
    }

    @Test("HTTP 500 after processing: the send was carried out")
    func httpStatusAfter() async throws {
        let sandbox = E8D.sandbox()
        await sandbox.network.enqueueFault(.httpStatus(500, afterProcessing: true))
        #expect(try await sandbox.send(sendRequest()).status == 500)
        await expectSent(sandbox)
    }

    @Test("an HTML page with HTTP 200, before or after processing")
    func htmlPage() async throws {
        let before = E8D.sandbox()
        await before.network.enqueueFault(.htmlErrorPage())
        let response = try await before.send(sendRequest())
        #expect(response.status == 200)
        #expect(E8D.text(response).hasPrefix("<!DOCTYPE html>"))
        await expectUntouched(before)

        let after = E8D.sandbox()
        await after.network.enqueueFault(.htmlErrorPage(afterProcessing: true))
        #expect(try await after.send(sendRequest()).status == 200)
        await expectSent(after)
    }

    @Test("a truncated body is a strict prefix of the real answer, and the send happened")
    func truncated() async throws {
        let sandbox = E8D.sandbox()
        await sandbox.network.enqueueFault(.truncatedBody)
        let body = E8D.text(try await sandbox.send(sendRequest()))
        await expectSent(sandbox)
        let batch = try #require(await sandbox.state.batches().first)
        let full = "999.00,1,1,0,\(batch.id)"
        #expect(full.hasPrefix(body))
        #expect(body.count < full.count)
    }

    @Test("garbage bytes are not UTF-8; by default the send happened, optionally not")
    func garbage() async throws {
        let sandbox = E8D.sandbox()
        await sandbox.network.enqueueFault(.garbageBody())
        let response = try await sandbox.send(sendRequest())
        #expect(String(data: response.body, encoding: .utf8) == nil)
        await expectSent(sandbox)

        let untouched = E8D.sandbox()
        await untouched.network.enqueueFault(.garbageBody(afterProcessing: false))
        _ = try await untouched.send(sendRequest())
        await expectUntouched(untouched)
    }

    @Test("a delay past the request's timeout throws timedOut after the send was carried out")
    func delayPastDeadline() async throws {
        let sandbox = E8D.sandbox()
        await sandbox.network.enqueueFault(.delay(.seconds(600)))
        var request = sendRequest()
        request.timeout = .milliseconds(20)
        let error = try await #require(throws: TransportError.self) { try await sandbox.send(request) }
        #expect(error.code == .timedOut)
        #expect(error.requestMayHaveBeenProcessed)
        await expectSent(sandbox)
    }

    @Test("a short delay still answers")
    func shortDelay() async throws {
        let sandbox = E8D.sandbox()
        await sandbox.network.enqueueFault(.delay(.milliseconds(1)))
        #expect(E8D.fields(E8D.text(try await sandbox.send(sendRequest()))).count == 5)
    }

    @Test("a delay respects cancellation")
    func delayCancelled() async throws {
        let sandbox = E8D.sandbox()
        await sandbox.network.enqueueFault(.delay(.seconds(600)))
        let request = sendRequest()
        let task = Task { try await sandbox.send(request) }
        while await sandbox.network.requestCount() == 0 { await Task.yield() }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test("a task cancelled before sending sends nothing")
    func cancelledBefore() async throws {
        let sandbox = E8D.sandbox()
        let request = sendRequest()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await sandbox.send(request)
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(await sandbox.network.requestCount() == 0)
        await expectUntouched(sandbox)
    }

    @Test("an expired token mid-run: the token request is refused, nothing sent")
    func expiredToken() async throws {
        let sandbox = E8D.sandbox()
        let token = try await E8D.token(sandbox)
        await sandbox.network.enqueueFault(.expiredToken, endpoint: "SendSMS.ashx")
        let request = E8D.form("SendSMS.ashx", [FormField("MSG", "hi"), FormField("DEST", "0912345670")], token: token)
        #expect(try await sandbox.send(request).status == 401)
        await expectUntouched(sandbox)
        #expect(await sandbox.state.activeTokenCount() == 0)
    }

    @Test("connection refused throws without processing")
    func refused() async throws {
        let sandbox = E8D.sandbox()
        await sandbox.network.enqueueFault(.connectionRefused)
        let error = try await #require(throws: TransportError.self) { try await sandbox.send(sendRequest()) }
        #expect(error.code == .connectionRefused)
        #expect(error.requestMayHaveBeenProcessed == false)
        await expectUntouched(sandbox)
    }

    @Test("a connection dropped after the request was read: the send happened")
    func dropped() async throws {
        let sandbox = E8D.sandbox()
        await sandbox.network.enqueueFault(.connectionDropped)
        let error = try await #require(throws: TransportError.self) { try await sandbox.send(sendRequest()) }
        #expect(error.code == .connectionLost)
        #expect(error.requestMayHaveBeenProcessed)
        await expectSent(sandbox)
    }

    @Test("faults target an endpoint, apply count times, in queue order, and are recorded")
    func targeting() async throws {
        let sandbox = E8D.sandbox()
        await sandbox.network.enqueueFault(.tooManyRequests, endpoint: "getdeliverystatus.ashx", count: 2)
        await sandbox.network.enqueueFault(.internalServerError)
        #expect(await sandbox.network.pendingFaultCount == 3)
        let dr = E8D.form("GetDeliveryStatus.ashx", E8D.auth + [FormField("BID", "x")])
        #expect(try await sandbox.send(sendRequest()).status == 500)
        #expect(try await sandbox.send(dr).status == 429)
        #expect(try await sandbox.send(dr).status == 429)
        #expect(try await sandbox.send(dr).status == 200)
        #expect(await sandbox.network.pendingFaultCount == 0)
        let log = await sandbox.network.requests()
        #expect(log.map(\.endpoint) == ["SendSMS.ashx", "GetDeliveryStatus.ashx", "GetDeliveryStatus.ashx", "GetDeliveryStatus.ashx"])
        #expect(log.map { $0.fault?.processesRequest } == [false, false, false, nil])
        #expect(!log[0].description.contains("sandbox-password"))

        await sandbox.network.enqueueFault(.connectionRefused, count: 5)
        await sandbox.network.clearFaults()
        #expect(try await sandbox.send(dr).status == 200)
    }

    @Test("fault descriptions say whether the request is processed")
    func descriptions() {
        #expect(SandboxFault.connectionRefused.description == "connectionRefused, before processing")
        #expect(SandboxFault.connectionDropped.description == "connectionDropped, after processing")
        #expect(SandboxFault.httpStatus(503).processesRequest == false)
        #expect(SandboxFault.delay(.seconds(1)).processesRequest)
    }
}
