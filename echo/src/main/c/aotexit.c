/* aotexit.c: an exit() that a training run of the echo client links instead of libc's.
 *
 * The echo twins end in libc's exit(), as C does; a JVM that leaves that way never reaches its
 * shutdown, where an AOT cache is written and the class list closed, so a training run of the
 * real program would record nothing. AotTraining loads this library with System.load before
 * the program's first call: the generated bindings look symbols up in the class loader's
 * libraries first, so the program's exit(status) lands here, and this asks the JVM for
 * System.exit(status), which writes what was recorded and then ends the process. Used for
 * training runs only (echo/bin/lib/aot-train), never for timing.
 * SPDX-License-Identifier: Apache-2.0 */
#include <jni.h>   /* JavaVM, JNIEnv */
#include <dlfcn.h> /* dlsym() */
#include <stdio.h> /* fflush() */

typedef jint (*GetCreatedVMs)(JavaVM **, jsize, jsize *);

void exit(int status)
{
    JavaVM *vm;
    JNIEnv *env;
    jsize count = 0;
    void (*libcExit)(int);

    fflush(NULL); /* what libc's exit would have written */
    GetCreatedVMs getVMs = (GetCreatedVMs) dlsym(RTLD_DEFAULT, "JNI_GetCreatedJavaVMs");
    if (getVMs != NULL && getVMs(&vm, 1, &count) == JNI_OK && count == 1
            && (*vm)->GetEnv(vm, (void **) &env, JNI_VERSION_1_8) == JNI_OK) {
        jclass system = (*env)->FindClass(env, "java/lang/System");
        jmethodID exitId = system ? (*env)->GetStaticMethodID(env, system, "exit", "(I)V") : NULL;
        if (exitId != NULL)
            (*env)->CallStaticVoidMethod(env, system, exitId, status); /* does not return */
    }
    libcExit = (void (*)(int)) dlsym(RTLD_NEXT, "exit"); /* no JVM to ask: libc's exit */
    libcExit(status);
    for (;;) /* exit does not return; this tells the compiler so */
        ;
}
