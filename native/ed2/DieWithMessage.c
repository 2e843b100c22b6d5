/* DieWithMessage.c: the two error handlers the 2nd edition's programs share,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C (2nd ed.) example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>  /* fputs(), fputc() and perror() */
#include <stdlib.h> /* exit() */

void DieWithUserMessage(const char *msg, const char *detail)
{
    fputs(msg, stderr);    /* what failed */
    fputs(": ", stderr);   /* the same separator perror() uses */
    fputs(detail, stderr); /* why, in the program's own words */
    fputc('\n', stderr);   /* end the line */
    exit(1);               /* every failure ends the program with status 1 */
}

void DieWithSystemMessage(const char *msg)
{
    perror(msg); /* the message, a colon, then the text for errno */
    exit(1);     /* every failure ends the program with status 1 */
}
