Feature: Settings and certificates are checked before any money moves
  A till with a bad certificate or bad settings refuses clearly and sends nothing to the
  gateway, so no customer is shown a QR code the till could not follow up.

  Scenario: A wrong certificate password
    Given the point's certificate password is wrong
    When the cashier tries to take a payment of 100.00 by sbp
    Then the payment is refused with "CERT_BAD_PASSWORD"
    And the message does not show the password
    And nothing was sent to the gateway

  Scenario: The point's certificate file is missing
    Given the point's certificate file is missing
    When the cashier tries to take a payment of 100.00 by sbp
    Then the payment is refused with "CERT_NOT_FOUND"
    And nothing was sent to the gateway

  Scenario Outline: A payment number outside 2..13 is refused
    Given the settings give sbp the payment number <number>
    When the settings are checked
    Then they are refused, naming "paymentTypes.sbp.paymentNumber", the value <number> and the range 2..13

    Examples:
      | number |
      | 1      |
      | 14     |

  Scenario Outline: The payment numbers at the edges of 2..13 are accepted
    Given the settings give sbp the payment number <number>
    When the settings are checked
    Then they are accepted

    Examples:
      | number |
      | 2      |
      | 13     |

  @tcp
  Scenario: Payment type names written to the printer appear on the receipt
    Given a shop whose QR payment types are set up as:
      | system | payment number | printed name |
      | wm     | 4              | ВЕБМАНИ QR   |
    And the payment type names are written to the printer
    And a sale of "Чай" for 80.00
    And the customer will pay after 1 poll
    When the cashier takes the payment by wm
    Then the receipt on the tape names the payment "ВЕБМАНИ QR"
