"""Excel workbooks in and out (openpyxl); plain data in, files or plain data back, no sessions."""
