// KPIProtocol: to be written.
