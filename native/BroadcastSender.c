/* BroadcastSender.c: sends a string to a broadcast address every 3 seconds, forever,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>      /* fprintf() */
#include <sys/socket.h> /* socket(), setsockopt() and sendto() */
#include <arpa/inet.h>  /* struct sockaddr_in, htons() and inet_aton() */
#include <stdlib.h>     /* atoi() and exit() */
#include <string.h>     /* memset() and strlen() */
#include <unistd.h>     /* sleep() */

void DieWithError(char *errorMessage); /* report errno's reason, then quit */

int main(int argc, char *argv[])
{
    int sock;                         /* the datagram socket */
    struct sockaddr_in broadcastAddr; /* where every datagram goes */
    char *broadcastIP;                /* the broadcast address as dotted quad */
    unsigned short broadcastPort;     /* the receivers' port */
    char *sendString;                 /* the string to broadcast */
    int broadcastPermission;          /* the value of SO_BROADCAST: 1 turns it on */
    unsigned int sendStringLen;       /* length of the string in bytes */

    if (argc < 4) /* address, port and string are required; more are ignored, as in the book */
    {
        fprintf(stderr, "Usage:  %s <IP Address> <Port> <Send String>\n", argv[0]);
        exit(1);
    }

    broadcastIP = argv[1];         /* first argument: the broadcast address */
    broadcastPort = atoi(argv[2]); /* second argument: the port */
    sendString = argv[3];          /* third argument: the string */

    /* Ask for an IPv4 datagram socket speaking UDP */
    if ((sock = socket(PF_INET, SOCK_DGRAM, IPPROTO_UDP)) < 0)
        DieWithError("socket() failed"); /* no descriptor was handed out */

    /* The kernel refuses to send to a broadcast address unless the socket asks for it */
    broadcastPermission = 1;
    if (setsockopt(sock, SOL_SOCKET, SO_BROADCAST, (void *) &broadcastPermission,
                   sizeof(broadcastPermission)) < 0)
        DieWithError("setsockopt() failed");

    /* Fill in the broadcast address */
    memset(&broadcastAddr, 0, sizeof(broadcastAddr)); /* clear padding and unused fields */
    broadcastAddr.sin_family = AF_INET;               /* an IPv4 address */
    /* Book bug fixed: inet_addr() answers a malformed address with INADDR_NONE, which is
     * 255.255.255.255, the broadcast on every interface; inet_aton() tells the two apart */
    if (inet_aton(broadcastIP, &broadcastAddr.sin_addr) == 0)
    {
        fprintf(stderr, "Invalid IP address: %s\n", broadcastIP); /* errno says nothing here */
        exit(1);
    }
    broadcastAddr.sin_port = htons(broadcastPort); /* port in network byte order */

    sendStringLen = strlen(sendString); /* the datagram carries no NUL */
    for (;;) /* until killed */
    {
        /* One datagram to every receiver on the port, then a pause */
        if (sendto(sock, sendString, sendStringLen, 0, (struct sockaddr *) &broadcastAddr,
                   sizeof(broadcastAddr)) != sendStringLen)
            DieWithError("sendto() sent a different number of bytes than expected");

        sleep(3); /* not to flood the network */
    }
    /* never reached */
}
