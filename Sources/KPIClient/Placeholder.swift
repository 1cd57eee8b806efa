// KPIClient: to be written.
