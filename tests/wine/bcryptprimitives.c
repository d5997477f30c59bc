/* A stand-in for Windows' bcryptprimitives.dll, for running xxgk-windows-x64.exe under Wine 8
 * (Debian 12), which lacks the DLL. Rust's standard library asks it for random bytes
 * (ProcessPrng) to seed its hash maps; this answers from RtlGenRandom (advapi32's
 * SystemFunction036), which Wine has. Windows 10 and later have the real DLL, so this file is
 * built by tests/programs.rs only and never shipped:
 *
 *   x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll bcryptprimitives.c -ladvapi32
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
