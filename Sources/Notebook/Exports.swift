// Run results are made of LabRecords types (checks, tables, plots): users of Notebook see them.
@_exported import LabRecords
