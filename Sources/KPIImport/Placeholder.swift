// KPIImport: to be written.
