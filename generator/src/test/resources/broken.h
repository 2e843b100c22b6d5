/* GeneratorFailureTest: a header clang cannot parse (the parameter list is never closed). */
struct fine {
    int x;
};

int broken(int a, int b;

int after(void);
