"""Official documents (ReportLab): plain data in, PDF files out, no sessions."""
