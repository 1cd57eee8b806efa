// KPIServer: to be written.
