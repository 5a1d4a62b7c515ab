# Install newsreader: a release binary, the man page and shell completions.
#   make install PREFIX=$$HOME/.local     (default PREFIX=/usr/local; DESTDIR is honoured)
#   make uninstall PREFIX=$$HOME/.local
#   make manual                           regenerate newsreader.1 from the commands and the key map
PREFIX ?= /usr/local
BINDIR = $(DESTDIR)$(PREFIX)/bin
MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
SWIFT ?= swift

.PHONY: all build install uninstall manual

all: build

build:
	$(SWIFT) build -c release --product newsreader

install: build
	install -d $(BINDIR) $(MANDIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	install -m 755 "$$($(SWIFT) build -c release --show-bin-path)/newsreader" $(BINDIR)/newsreader
	install -m 644 newsreader.1 $(MANDIR)/newsreader.1
	$(BINDIR)/newsreader --generate-completion-script bash > $(BASHDIR)/newsreader
	$(BINDIR)/newsreader --generate-completion-script zsh > $(ZSHDIR)/_newsreader
	$(BINDIR)/newsreader --generate-completion-script fish > $(FISHDIR)/newsreader.fish

uninstall:
	rm -f $(BINDIR)/newsreader $(MANDIR)/newsreader.1 $(BASHDIR)/newsreader $(ZSHDIR)/_newsreader $(FISHDIR)/newsreader.fish

# The page comes from the command definitions and the default key map (a
# hidden command of the binary); a test fails when the committed one differs.
manual:
	$(SWIFT) build --product newsreader
	"$$($(SWIFT) build --show-bin-path)/newsreader" manual-page > newsreader.1
