package nb

import (
	"os"

	"github.com/janpfeifer/gonb/gonbui/comms"
	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// gonbListen listens to address with GoNB's comms, which also installs
// their JavaScript side in the page (globalThis.gonb_comm).
func gonbListen(address string) (<-chan string, func()) {
	c := comms.Listen[string](address).WithBuffer(16)
	return c.C, c.Close
}

// gonbSend sends value to the page's listeners of address.
func gonbSend(address, value string) { comms.Send(address, value) }

// gonbReconnect asks GoNB to check its connection to the page and, when the
// page does not answer, to install its JavaScript side again: GoNB's page
// side gives up when the kernel's first answer takes over half a second (a
// busy machine), and then no message goes through until it is reinstalled.
func gonbReconnect() { comms.Start() }

// gonbServed reports whether the kernel runs under a Jupyter server, which a
// page connects to: GoNB knows the kernel's id then. Run by nbconvert, say,
// it does not, and no page can show the board.
func gonbServed() bool { return os.Getenv(protocol.GONB_JUPYTER_KERNEL_ID_ENV) != "" }
