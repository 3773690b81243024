// The shared transport types (HTTPTransport, URLSessionTransport, errors, RetryPolicy) are part of
// this module's API, so an app needs only one import.
@_exported import SMSTransport
