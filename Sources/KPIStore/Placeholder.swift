// KPIStore: to be written.
