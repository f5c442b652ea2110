; Windows installer: per-user, Vietnamese, upgrades in place, keeps the user's data on uninstall.
; Build (NSIS 3) from the project root after the PyInstaller build:
;   makensis /DVERSION=<kt_desktop.__version__> [/DPAYLOAD=build\dist\KimThanhThiDua] [/DOUTDIR=build] installer.nsi

!ifndef VERSION
  !error "Thiếu số phiên bản. Hãy chạy: makensis /DVERSION=x.y.z installer.nsi (số lấy từ kt_desktop/__init__.py)."
!endif
!ifndef PAYLOAD
  !define PAYLOAD "build\dist\KimThanhThiDua"
!endif
!ifndef OUTDIR
  !define OUTDIR "build"
!endif

Unicode true
; A 64-bit stub: the app is 64-bit, and Debian's wine (used to test this installer) is too.
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma

!define APP_ID "KimThanhThiDua"
!define APP_NAME "Thi đua Đổi mới sáng tạo – Chuyển đổi số Kim Thành"
!define SHORTCUT_NAME "Thi đua Kim Thành"
!define PUBLISHER "Ủy ban nhân dân xã Kim Thành"
!define EXE "${APP_ID}.exe"
!define UNINSTALLER "go-cai-dat.exe"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
; The app's data folder (kt_desktop/paths.py): never inside the install folder.
!define DATA_DIR "$LOCALAPPDATA\${APP_ID}"

!searchparse /noerrors "${VERSION}.0.0.0" "" VERSION_1 "." VERSION_2 "." VERSION_3 "."
VIProductVersion "${VERSION_1}.${VERSION_2}.${VERSION_3}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "FileDescription" "Cài đặt ${APP_NAME}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}"

Name "${APP_NAME}"
OutFile "${OUTDIR}\${APP_ID}-${VERSION}-cai-dat.exe"
; Per-user: no administrator rights needed, as in most commune offices.
InstallDir "$LOCALAPPDATA\Programs\${APP_ID}"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
RequestExecutionLevel user
BrandingText "${APP_NAME} ${VERSION}"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"

!define MUI_ICON "resources\icons\app.ico"
!define MUI_UNICON "resources\icons\app.ico"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TITLE "Cài đặt chương trình ${SHORTCUT_NAME} ${VERSION}"
!define MUI_WELCOMEPAGE_TEXT "${APP_NAME}.$\r$\n$\r$\nChương trình sẽ được cài vào máy cho riêng tài khoản này, không cần quyền quản trị.$\r$\n$\r$\nNếu máy đã có phiên bản cũ, bản cài này sẽ cập nhật lên phiên bản ${VERSION}; dữ liệu đang dùng được giữ nguyên.$\r$\n$\r$\nBấm nút “Tiến” để tiếp tục."
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Mở chương trình ngay"
!define MUI_UNCONFIRMPAGE_TEXT_TOP "Gỡ chương trình khỏi máy. Dữ liệu (cơ sở dữ liệu, bản sao lưu, nhật ký) được giữ lại, trừ khi bạn đánh dấu xóa ở bước sau."

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!define MUI_COMPONENTSPAGE_TEXT_TOP "Chương trình luôn được gỡ. Chỉ đánh dấu “Xóa cả dữ liệu” nếu muốn xóa hẳn dữ liệu đã nhập."
!define MUI_COMPONENTSPAGE_TEXT_COMPLIST "Chọn mục cần gỡ:"
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "Vietnamese"

; Close a running copy before its files are replaced or removed: ask, then ask it to close
; (taskkill without /F sends a close request, so the app shuts down normally).
!macro CLOSE_RUNNING_COPY un
Function ${un}CloseRunningCopy
  ${IfNot} ${FileExists} "$INSTDIR\${EXE}"
    Return
  ${EndIf}
  StrCpy $1 0
  ${Do}
    ClearErrors
    ; A running program's file cannot be renamed on Windows: that is the test.
    Rename "$INSTDIR\${EXE}" "$INSTDIR\${EXE}.dang-kiem-tra"
    ${IfNot} ${Errors}
      Rename "$INSTDIR\${EXE}.dang-kiem-tra" "$INSTDIR\${EXE}"
      Return
    ${EndIf}
    ${If} $1 >= 3
      MessageBox MB_ICONSTOP "Không đóng được chương trình đang mở. Hãy tự đóng chương trình rồi chạy lại bản cài đặt.$\r$\nMáy chưa bị thay đổi gì." /SD IDOK
      Abort
    ${EndIf}
    MessageBox MB_YESNO|MB_ICONEXCLAMATION "Chương trình đang mở. Đóng chương trình để tiếp tục?$\r$\n(Dữ liệu đã lưu vẫn được giữ nguyên.)" /SD IDYES IDYES close_it
    Abort
    close_it:
    nsExec::Exec 'taskkill /IM "${EXE}"'
    Pop $0
    Sleep 3000
    IntOp $1 $1 + 1
  ${Loop}
FunctionEnd
!macroend
!insertmacro CLOSE_RUNNING_COPY ""
!insertmacro CLOSE_RUNNING_COPY "un."

Function CheckWritable
  ClearErrors
  CreateDirectory "$INSTDIR"
  FileOpen $0 "$INSTDIR\.kiem-tra-quyen-ghi" w
  ${If} ${Errors}
    MessageBox MB_ICONSTOP "Không ghi được vào thư mục cài đặt:$\r$\n$INSTDIR$\r$\nHãy chọn một thư mục khác (ví dụ trong thư mục của tài khoản này). Máy chưa bị thay đổi gì." /SD IDOK
    Abort
  ${EndIf}
  FileClose $0
  Delete "$INSTDIR\.kiem-tra-quyen-ghi"
FunctionEnd

Section "Chương trình" SectionProgram
  SectionIn RO
  SetShellVarContext current
  Call CheckWritable
  Call CloseRunningCopy
  SetOutPath "$INSTDIR"
  ; Upgrade in place: the old program's libraries go first, so no stale file lingers.
  RMDir /r "$INSTDIR\_internal"
  ClearErrors
  File /r "${PAYLOAD}\*.*"
  ${If} ${Errors}
    MessageBox MB_ICONSTOP "Không chép đủ các tệp của chương trình (ổ đĩa có thể đã đầy). Hãy giải phóng dung lượng rồi cài lại. Dữ liệu của bạn không bị ảnh hưởng." /SD IDOK
    Abort
  ${EndIf}
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  CreateShortCut "$SMPROGRAMS\${SHORTCUT_NAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0
  CreateShortCut "$DESKTOP\${SHORTCUT_NAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0

  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${EXE}"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "un.Chương trình" SectionUninstallProgram
  SectionIn RO
  SetShellVarContext current
  Call un.CloseRunningCopy
  Delete "$SMPROGRAMS\${SHORTCUT_NAME}.lnk"
  Delete "$DESKTOP\${SHORTCUT_NAME}.lnk"
  ; Only the program's own files: the install folder may hold files the user put there.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINST_KEY}"
SectionEnd

; Unticked by default, and never chosen in silent mode: data is kept unless asked.
Section /o "un.Xóa cả dữ liệu" SectionUninstallData
  RMDir /r "${DATA_DIR}"
SectionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SectionUninstallProgram} "Các tệp của chương trình, lối tắt trên màn hình và trong menu Start."
  !insertmacro MUI_DESCRIPTION_TEXT ${SectionUninstallData} "Xóa hẳn cơ sở dữ liệu, các bản sao lưu và nhật ký trong ${DATA_DIR}. Không khôi phục được."
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END
