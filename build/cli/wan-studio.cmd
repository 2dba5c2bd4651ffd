@echo off
rem The `wan-studio` command of the installed app (Windows), shipped by electron-builder.yml as
rem <install>\resources\bin\wan-studio.cmd. It runs the bundled CLI (out\cli inside app.asar)
rem with the app's own executable acting as Node (ELECTRON_RUN_AS_NODE). Add the folder to PATH
rem (README "CLI").
setlocal
set "ELECTRON_RUN_AS_NODE=1"
"%~dp0..\..\Wan Studio.exe" "%~dp0..\app.asar\out\cli\wan-studio.mjs" %*
exit /b %ERRORLEVEL%
