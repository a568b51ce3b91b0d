#include "textflag.h"

// func setGate()
TEXT ·setGate(SB), NOSPLIT, $0-0
	RET
