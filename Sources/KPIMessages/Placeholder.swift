// KPIMessages: to be written.
