// The import kit (rows, cells, header reader, errors) lives in Data so the `rural` command reads files as the pages do.
global using RuralLedger.Data.Imports;
