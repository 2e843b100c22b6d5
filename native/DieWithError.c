/* DieWithError.c: the error handler shared by the 1st edition programs,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>  /* perror() */
#include <stdlib.h> /* exit() */

void DieWithError(char *errorMessage)
{
    perror(errorMessage); /* the message, a colon, then the text for errno */
    exit(1);              /* every failure ends the program with status 1 */
}
