/* UDPEchoClient-Timeout.c: sends one word to a UDP echo server and waits for the reply at most
 * TIMEOUT_SECS at a time, resending it up to MAXTRIES times (SIGALRM interrupts recvfrom()),
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>      /* printf() and fprintf() */
#include <sys/socket.h> /* socket(), sendto() and recvfrom() */
#include <arpa/inet.h>  /* struct sockaddr_in, htons() and inet_addr() */
#include <stdlib.h>     /* atoi() and exit() */
#include <string.h>     /* memset() and strlen() */
#include <unistd.h>     /* close() and alarm() */
#include <errno.h>      /* errno and EINTR */
#include <signal.h>     /* sigaction() and sigfillset() */

#define ECHOMAX 255     /* the longest word sent, and the most taken from the reply */
#define TIMEOUT_SECS 2  /* seconds to wait for a reply before sending again */
#define MAXTRIES 5      /* how many times to send again before giving up */

/* The book's "int tries": volatile sig_atomic_t, as a variable the handler writes and main reads
 * must be (else the compiler may keep main's copy in a register) */
volatile sig_atomic_t tries = 0; /* alarms so far */

void DieWithError(char *errorMessage); /* report errno's reason, then quit */
void CatchAlarm(int ignored);          /* what SIGALRM runs */

int main(int argc, char *argv[])
{
    int sock;                        /* the datagram socket */
    struct sockaddr_in echoServAddr; /* where the server is */
    struct sockaddr_in fromAddr;     /* where the reply came from */
    unsigned short echoServPort;     /* the server's port */
    socklen_t fromSize;              /* socklen_t, not the book's unsigned int: it is recvfrom()'s type */
    struct sigaction myAction;       /* what to do on SIGALRM */
    char *servIP;                    /* the server's IPv4 address as dotted quad */
    char *echoString;                /* the word to send */
    char echoBuffer[ECHOMAX + 1];    /* the reply plus a terminating NUL */
    int echoStringLen;               /* length of the word in bytes */
    int respStringLen;               /* length of the reply in bytes */

    if ((argc < 3) || (argc > 4)) /* address and word are required, port is optional */
    {
        fprintf(stderr, "Usage: %s <Server IP> <Echo Word> [<Echo Port>]\n", argv[0]);
        exit(1);
    }

    servIP = argv[1];     /* first argument: the server address */
    echoString = argv[2]; /* second argument: the word */

    if ((echoStringLen = strlen(echoString)) > ECHOMAX) /* (Linux caps one argument at 128 KiB: fits an int) */
        DieWithError("Echo word too long"); /* the reply would not fit the buffer */

    if (argc == 4)
        echoServPort = atoi(argv[3]); /* a port was given: use it */
    else
        echoServPort = 7; /* otherwise the standard echo port */

    /* Ask for an IPv4 datagram socket speaking UDP */
    if ((sock = socket(PF_INET, SOCK_DGRAM, IPPROTO_UDP)) < 0)
        DieWithError("socket() failed"); /* no descriptor was handed out */

    /* Set the handler of SIGALRM */
    myAction.sa_handler = CatchAlarm;         /* count the alarm */
    if (sigfillset(&myAction.sa_mask) < 0)    /* block every signal while it runs */
        DieWithError("sigfillset() failed");
    myAction.sa_flags = 0;                    /* no SA_RESTART: the alarm must interrupt recvfrom() */

    if (sigaction(SIGALRM, &myAction, 0) < 0) /* install it */
        DieWithError("sigaction() failed for SIGALRM");

    /* Fill in the server's address */
    memset(&echoServAddr, 0, sizeof(echoServAddr));   /* clear padding and unused fields */
    echoServAddr.sin_family = AF_INET;                /* an IPv4 address */
    echoServAddr.sin_addr.s_addr = inet_addr(servIP); /* dotted quad to network order */
    echoServAddr.sin_port = htons(echoServPort);      /* port in network byte order */

    /* Send the word as one datagram */
    if (sendto(sock, echoString, echoStringLen, 0, (struct sockaddr *) &echoServAddr,
               sizeof(echoServAddr)) != echoStringLen)
        DieWithError("sendto() sent a different number of bytes than expected");

    /* Wait for the reply, at most TIMEOUT_SECS a try */
    fromSize = sizeof(fromAddr); /* recvfrom() reads this as the room available */
    alarm(TIMEOUT_SECS);         /* SIGALRM in TIMEOUT_SECS seconds */
    while ((respStringLen = recvfrom(sock, echoBuffer, ECHOMAX, 0,
                                     (struct sockaddr *) &fromAddr, &fromSize)) < 0)
        if (errno == EINTR) /* the alarm went off */
        {
            if (tries < MAXTRIES) /* the handler counts the alarms */
            {
                printf("timed out, %d more tries...\n", MAXTRIES - tries); /* (tries is an int: %d fits) */
                if (sendto(sock, echoString, echoStringLen, 0, (struct sockaddr *) &echoServAddr,
                           sizeof(echoServAddr)) != echoStringLen)
                    DieWithError("sendto() failed");
                alarm(TIMEOUT_SECS); /* and wait again */
            }
            else
                DieWithError("No Response"); /* errno is still EINTR: "No Response: Interrupted system call" */
        }
        else
            DieWithError("recvfrom() failed"); /* any other error */

    /* A reply came: cancel the alarm */
    alarm(0);

    echoBuffer[respStringLen] = '\0';     /* at most ECHOMAX bytes came: the NUL fits */
    printf("Received: %s\n", echoBuffer); /* the echoed word */

    close(sock); /* done with the socket */
    exit(0);
}

void CatchAlarm(int ignored)
{
    (void) ignored; /* SIGALRM is the only signal it handles */
    tries += 1;     /* one more alarm; main prints and resends */
}
